import assert from "node:assert/strict";
import { Float, GraftError, type Value } from "../../core/mod.ts";
import { kvValue, objectValue } from "./stores.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const map = (entries: Record<string, Value>): Value => new Map(Object.entries(entries));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

Deno.test("kvValue: single-line values are strings, whatever they look like", () => {
  for (const text of ["db.example.com", "5432", "true", '{"a": 1}', "[1, 2]", "", "a: b"]) {
    assert.equal(kvValue(bytes(text)), text);
  }
});

Deno.test("kvValue: a multi-line value is the map or list it holds", () => {
  assert.deepEqual(
    kvValue(bytes("debug: false\nfeatures:\n  - auth\n  - api\nlimits:\n  max: 1000\n")),
    map({ debug: false, features: ["auth", "api"], limits: map({ max: 1000 }) }),
  );
  assert.deepEqual(kvValue(bytes("- a\n- b\n")), ["a", "b"]);
  // Multi-line text that is a YAML scalar, or not YAML at all, stays the string it was.
  for (const text of ["line one\nline two\n", "a: [\nb: c\n", "  x  \n"]) {
    assert.equal(kvValue(bytes(text)), text);
  }
  // Expressions in fetched content are data, never evaluated.
  assert.deepEqual(kvValue(bytes("a: (( grab b ))\nb: 1\n")), map({ a: "(( grab b ))", b: 1 }));
});

Deno.test("kvValue: binary values are base64", () => {
  assert.equal(kvValue(PNG), "iVBORw0KGgoAAAAN");
  assert.equal(kvValue(new Uint8Array([0xff, 0xfe])), "//4=");
});

Deno.test("objectValue: by Content-Type, case-insensitive, parameters ignored", () => {
  const object = (contentType: string) => ({ name: "data", bucket: "b", contentType });
  const yaml = bytes("a: 1\nb: [x, z]\n");
  for (const type of ["application/yaml", "Application/X-YAML", "text/yaml; charset=utf-8"]) {
    assert.deepEqual(objectValue(yaml, object(type)), map({ a: 1, b: ["x", "z"] }), type);
  }
  const json = bytes(
    '{"a": 1, "f": 1.0, "e": 1e3, "big": 12345678901234567890, "l": [true, null]}',
  );
  const parsed = map({
    a: 1,
    f: new Float(1),
    e: new Float(1000),
    big: 12345678901234567890n,
    l: [true, null],
  });
  for (const type of ["application/json; charset=utf-8", "TEXT/JSON", "application/vnd.x+json"]) {
    assert.deepEqual(objectValue(json, object(type)), parsed, type);
  }
  assert.equal(objectValue(bytes("a: 1\n"), object("text/plain")), "a: 1\n");
  assert.equal(objectValue(PNG, object("image/png")), "iVBORw0KGgoAAAAN");
  // A declared binary type is base64 even when the bytes happen to be text.
  assert.equal(objectValue(bytes("hi"), object("application/octet-stream")), "aGk=");
});

Deno.test("objectValue: without a Content-Type, by extension, then text or base64", () => {
  const none = (name: string) => ({ name, bucket: "b" });
  assert.deepEqual(objectValue(bytes("a: 1\n"), none("dev/config.yaml")), map({ a: 1 }));
  assert.deepEqual(objectValue(bytes("- 1\n"), none("list.YML")), [1]);
  assert.deepEqual(objectValue(bytes('{"a": [1]}'), none("data.json")), map({ a: [1] }));
  // An extension is a guess: content that does not parse is kept as text.
  assert.equal(objectValue(bytes("a: [\n"), none("broken.yaml")), "a: [\n");
  assert.equal(objectValue(bytes("{nope"), none("broken.json")), "{nope");
  assert.equal(
    objectValue(bytes("Hello {{ name }}\n"), none("template.tmpl")),
    "Hello {{ name }}\n",
  );
  assert.equal(objectValue(PNG, none("logo.png")), "iVBORw0KGgoAAAAN");
  assert.equal(objectValue(bytes("a\0b"), none("nul.txt")), "YQBi");
  // text/plain with a YAML name is parsed too.
  assert.deepEqual(
    objectValue(bytes("a: 1\n"), { name: "c.yml", bucket: "b", contentType: "text/plain" }),
    map({ a: 1 }),
  );
});

Deno.test("objectValue: a typed object that does not parse is a fatal error", () => {
  const cases: [Uint8Array, string, RegExp][] = [
    [
      bytes("a: [\n"),
      "application/yaml",
      /^failed to parse YAML from object "x\.yaml" in Object store "cfg": /,
    ],
    [
      bytes("{nope"),
      "application/json",
      /^failed to parse JSON from object "x\.yaml" in Object store "cfg": /,
    ],
    [PNG, "text/yaml", /the content is not UTF-8 text/],
  ];
  for (const [content, contentType, message] of cases) {
    assert.throws(
      () => objectValue(content, { name: "x.yaml", bucket: "cfg", contentType }),
      (error) => error instanceof GraftError && error.fatal && message.test(error.message),
    );
  }
});
