import assert from "node:assert/strict";
import { Expression, Float, GraftError, type Key, type Value, type YamlMap } from "../core/mod.ts";
import { emitJson, emitJsonIndent } from "./emit_json.ts";

function map(...entries: [Key, Value][]): YamlMap {
  return new Map(entries);
}

Deno.test("emitJson() writes Go encoding/json compact text (OUTPUT-FORMAT rule 28 example)", () => {
  const doc = map(
    ["s", "<a&b>"],
    ["l", [1, map(["b", 2], ["a", 1]), []]],
    ["f1", new Float(1)],
    ["e", new Map()],
    ["big", 9223372036854775807n],
    ["b", true],
  );
  assert.equal(
    emitJson(doc),
    '{"b":true,"big":9223372036854775807,"e":{},"f1":1,"l":[1,{"a":1,"b":2},[]],' +
      '"s":"\\u003ca\\u0026b\\u003e"}',
  );
  assert.equal(emitJson(new Map()), "{}");
  assert.equal(emitJson(null), "null");
});

Deno.test("emitJson() stringifies keys with Go %v and sorts them as UTF-8 bytes", () => {
  const doc = map(
    [1, "int"],
    [true, "bool"],
    [null, "nil"],
    [1e6 + 0.5, "float"],
    [1e21, "big float"],
    ["\u{1F600}", "emoji"],
    ["\uFFFD", "replacement"],
    ["a", "lower"],
    ["B", "upper"],
  );
  assert.equal(
    emitJson(doc),
    '{"1":"int","1.0000005e+06":"float","1e+21":"big float","\\u003cnil\\u003e":"nil",' +
      '"B":"upper","a":"lower","true":"bool","\uFFFD":"replacement","\u{1F600}":"emoji"}',
  );
});

Deno.test("emitJson() keeps the first of keys that stringify alike", () => {
  assert.equal(emitJson(map([1, "int"], ["1", "string"])), '{"1":"int"}');
  assert.equal(emitJson(map(["true", "string"], [true, "bool"])), '{"true":"string"}');
});

Deno.test("emitJson() writes numbers as Go does", () => {
  const cases: [Value, string][] = [
    [9223372036854775807n, "9223372036854775807"],
    [18446744073709551615n, "18446744073709551615"],
    [-42, "-42"],
    [new Float(1e21), "1e+21"],
    [new Float(1e20), "100000000000000000000"],
    [new Float(1.5e-7), "1.5e-7"],
    [new Float(0.000001), "0.000001"],
    [new Float(3.14159265358979), "3.14159265358979"],
    [new Float(1e-100), "1e-100"],
    [new Float(-0), "-0"],
    [new Float(2.5), "2.5"],
  ];
  for (const [value, want] of cases) assert.equal(emitJson(value), want);
});

Deno.test("emitJson() rejects NaN and infinite floats", () => {
  const cases: [number, string][] = [
    [NaN, "json: unsupported value: NaN"],
    [Infinity, "json: unsupported value: +Inf"],
    [-Infinity, "json: unsupported value: -Inf"],
  ];
  for (const [f, message] of cases) {
    assert.throws(() => emitJson(map(["a", [new Float(f)]])), (error) => {
      assert.ok(error instanceof GraftError);
      assert.equal(error.message, message);
      return true;
    });
  }
});

Deno.test("emitJson() escapes strings as Go does", () => {
  const cases: [string, string][] = [
    ['"\\\n\r\t', '"\\"\\\\\\n\\r\\t"'],
    ["\b\f\x01\x1f", '"\\u0008\\u000c\\u0001\\u001f"'],
    ["\x7F é \u{1F600}", '"\x7F é \u{1F600}"'],
    ["\u2028\u2029", '"\\u2028\\u2029"'],
    ["<>&", '"\\u003c\\u003e\\u0026"'],
    ["lone \uD800 x \uDC00", '"lone \\ufffd x \\ufffd"'],
    ["plain", '"plain"'],
  ];
  for (const [text, want] of cases) assert.equal(emitJson(text), want);
});

Deno.test("emitJson() writes expressions as their source and bytes as Go strings", () => {
  assert.equal(emitJson(new Expression('(( grab "a" ))')), '"(( grab \\"a\\" ))"');
  const cases: [number[], string][] = [
    [[0x61, 0x62], '"ab"'],
    [[0xff], '"\\ufffd"'],
    [[0x61, 0xe2, 0x82, 0x62], '"a\\ufffd\\ufffdb"'],
    [[0xed, 0xa0, 0x80], '"\\ufffd\\ufffd\\ufffd"'],
    [[0xc0, 0xaf], '"\\ufffd\\ufffd"'],
    [[0xf0, 0x9f, 0x98, 0x80, 0x3c], '"\u{1F600}\\u003c"'],
    [[0xef, 0xbf, 0xbd], '"\uFFFD"'],
  ];
  for (const [bytes, want] of cases) assert.equal(emitJson(new Uint8Array(bytes)), want);
});

Deno.test("emitJsonIndent() writes Go json.MarshalIndent text", () => {
  const doc = map(["b", map(["c", []])], ["a", [1, new Map()]]);
  assert.equal(
    emitJsonIndent(doc),
    '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": {\n    "c": []\n  }\n}',
  );
  assert.equal(emitJsonIndent(map(["a", [true]]), "\t"), '{\n\t"a": [\n\t\ttrue\n\t]\n}');
  assert.equal(emitJsonIndent([]), "[]");
});

Deno.test("emitJson() reports keys that collide once written as text, and refuses them when strict", () => {
  const doc = new Map<Key, Value>([[1, "int"], ["1", "text"], ["a", new Map([[true, "yes"]])]]);
  const dropped: string[] = [];
  assert.equal(
    emitJson(doc, { onDuplicate: (key) => dropped.push(key) }),
    '{"1":"int","a":{"true":"yes"}}',
  );
  assert.deepEqual(dropped, ["1"]);
  assert.throws(
    () => emitJson(doc, { strict: true }),
    (error: GraftError) => error.message === "Non-string keys found during strict JSON conversion",
  );
  assert.equal(emitJson(new Map([["a", 1]]), { strict: true }), '{"a":1}');
});
