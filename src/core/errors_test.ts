import assert from "node:assert/strict";
import { formatErrorBlock, GraftError, withoutCredentials } from "./errors.ts";

Deno.test("withoutCredentials masks the userinfo of every URL, keeping the text's length", () => {
  const cases: [string, string][] = [
    ['nats "kv:b/k" "nats://alice:s3cret@h:4222"', 'nats "kv:b/k" "nats://************@h:4222"'],
    ["tls://token@a:1,nats://u:p@b:2", "tls://*****@a:1,nats://***@b:2"],
    ["https://example.com/a@b", "https://example.com/a@b"],
    ["no url here: a@b", "no url here: a@b"],
  ];
  for (const [text, masked] of cases) {
    assert.equal(withoutCredentials(text), masked);
    assert.equal(withoutCredentials(text).length, text.length);
  }
});

Deno.test("formatErrorBlock prints spruce's lines sorted, graft's origins and details below", () => {
  const origin = { file: "a.yml", line: 3, column: 7 };
  const errors = [
    new GraftError("eval", "second", { path: ["b"], origin, detail: "(( x ))\n   ^" }),
    new GraftError("eval", "first", { path: ["a"] }),
  ];
  assert.equal(
    formatErrorBlock(errors),
    "2 error(s) detected:\n" +
      " - $.a: first\n" +
      " - $.b: second\n" +
      "     at a.yml:3:7\n" +
      "     (( x ))\n" +
      "        ^\n" +
      "\n\n",
  );
});
