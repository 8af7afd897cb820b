import assert from "node:assert/strict";
import { GraftError } from "../core/mod.ts";
import { type AwsReference, extractKey, parseAwsReference } from "./aws_reference.ts";

Deno.test("parseAwsReference() splits the name from the options at the first '?'", () => {
  const cases: [string, Partial<AwsReference>][] = [
    ["/app/db", { name: "/app/db" }],
    ["/app/db?key=password", { name: "/app/db", key: "password" }],
    ["creds?key=a.b&stage=AWSPREVIOUS", { name: "creds", key: "a.b", stage: "AWSPREVIOUS" }],
    ["creds?version=v-1&stage=S", { name: "creds", stage: "S", version: "v-1" }],
    ["creds?key=a?b", { name: "creds", key: "a?b" }],
    ["creds?", { name: "creds" }],
    ["?key=x", { name: "", key: "x" }],
    // Go's url.ParseQuery: `+` and `%XX` unescaped, the first of repeated options wins.
    ["creds?key=my+key%2Fsub&key=second", { name: "creds", key: "my key/sub" }],
    ["creds?key=caf%C3%A9", { name: "creds", key: "café" }],
    ["creds?key&stage=", { name: "creds" }],
    ["creds?&&key=k&", { name: "creds", key: "k" }],
    ["creds?other=1", { name: "creds" }],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(
      parseAwsReference(text),
      { name: "", key: "", stage: "", version: "", ...expected },
      text,
    );
  }
});

Deno.test("parseAwsReference() rejects a malformed query as spruce does", () => {
  const cases: [string, string][] = [
    ["p?key=%zz", 'invalid argument string: invalid URL escape "%zz"'],
    ["p?key=abc%", 'invalid argument string: invalid URL escape "%"'],
    ["p?key=%4", 'invalid argument string: invalid URL escape "%4"'],
    ["p?key=a;stage=b", "invalid argument string: invalid semicolon separator in query"],
    ["p?k%g1=x", 'invalid argument string: invalid URL escape "%g1"'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseAwsReference(text), { name: "GraftError", message }, text);
  }
});

/** The GraftError a function throws. */
function thrown(fn: () => unknown): GraftError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof GraftError);
    return error;
  }
  assert.fail("nothing was thrown");
}

const ref = (key: string): AwsReference => ({ name: "/app/db", key, stage: "", version: "" });

Deno.test("extractKey() returns a top-level field of a JSON or YAML value as text", () => {
  const json = '{"user": "admin", "port": 5432, "ratio": 0.5, "on": true, "none": null}';
  assert.equal(extractKey(json, ref("user")), "admin");
  assert.equal(extractKey(json, ref("port")), "5432");
  assert.equal(extractKey(json, ref("ratio")), "0.5");
  assert.equal(extractKey(json, ref("on")), "true");
  assert.equal(extractKey(json, ref("none")), "<nil>");
  // YAML 1.1 as spruce reads it: `yes` is a bool, an int key matches its text.
  assert.equal(extractKey("enabled: yes\n10: ten\n", ref("enabled")), "true");
  assert.equal(extractKey("enabled: yes\n10: ten\n", ref("10")), "ten");
});

Deno.test("extractKey() follows a dotted key through nested maps and lists", () => {
  const value = '{"db": {"primary": {"host": "h1", "ports": [5432, 5433]}}, "a.b": "literal"}';
  assert.equal(extractKey(value, ref("db.primary.host")), "h1");
  assert.equal(extractKey(value, ref("db.primary.ports.1")), "5433");
  // A top-level field named with a dot wins over the nested reading.
  assert.equal(extractKey(value, ref("a.b")), "literal");
});

Deno.test("extractKey() returns a map or a list as data, not Go's map[...] text", () => {
  const value = "db:\n  host: h1\n  tags: [a, b]\n";
  assert.deepEqual(
    extractKey(value, ref("db")),
    new Map<string, unknown>([["host", "h1"], ["tags", ["a", "b"]]]),
  );
  assert.deepEqual(extractKey(value, ref("db.tags")), ["a", "b"]);
});

Deno.test("extractKey() reports a missing field as spruce's invalid key, not fatal", () => {
  for (const key of ["nope", "db.nope", "db.host.deeper", "list.9", "list.x"]) {
    const error = thrown(() => extractKey('{"db": {"host": "h"}, "list": [1]}', ref(key)));
    assert.equal(error.message, `$./app/db invalid key '${key}'`);
    assert.ok(!error.fatal);
  }
});

Deno.test("extractKey() never quotes the value it cannot read", () => {
  const cases: [string | string[], string][] = [
    ["hunter2", "the value is a string, not a map"],
    ["8080", "the value is an int, not a map"],
    ["- s3cr3t", "the value is a list, not a map"],
    [["s3cr3t", "other"], "the value is a list, not a map"],
    ["", "the value is empty, not a map"],
    ["{s3cr3t: [unclosed", "the value is not YAML or JSON"],
    ["key: s3cr3t\n bad: indentation", "the value is not YAML or JSON"],
  ];
  for (const [value, reason] of cases) {
    const error = thrown(() => extractKey(value, ref("k")));
    assert.equal(error.message, `$./app/db error extracting key: ${reason}`);
    assert.ok(!error.message.includes("s3cr3t") && !error.message.includes("hunter2"));
    assert.ok(!error.fatal);
  }
});
