import assert from "node:assert/strict";
import { Expression, Float, type Key, type Value, type YamlMap } from "../core/mod.ts";
import { emitYaml } from "./emit.ts";

function map(...entries: [Key, Value][]): YamlMap {
  return new Map(entries);
}

/** `key: value` documents: each case is [value, expected text after `k:`]. */
function assertValues(cases: [Value, string][]): void {
  for (const [value, want] of cases) {
    assert.equal(emitYaml(map(["k", value])), `k:${want}\n`, JSON.stringify(String(value)));
  }
}

Deno.test("emitYaml() frames a document without markers", () => {
  assert.equal(emitYaml(map(["a", 1])), "a: 1\n");
  assert.equal(emitYaml(new Map()), "{}\n");
  assert.equal(emitYaml([1, 2]), "- 1\n- 2\n");
  assert.equal(emitYaml([]), "[]\n");
  assert.equal(emitYaml("a"), "a\n");
  assert.equal(emitYaml("l1\nl2"), "|-\n  l1\n  l2\n");
});

Deno.test("emitYaml() lays out maps and sequences as go-yaml does", () => {
  const cases: [Value, string][] = [
    [map(["a", map(["b", map(["c", 1])])]), "a:\n  b:\n    c: 1\n"],
    [map(["k", [1, 2]]), "k:\n- 1\n- 2\n"],
    [map(["a", map(["k", [1, 2]])]), "a:\n  k:\n  - 1\n  - 2\n"],
    [map(["k", [map(["j", "w"], ["k", "v"])]]), "k:\n- j: w\n  k: v\n"],
    [map(["k", [[2, 3]]]), "k:\n- - 2\n  - 3\n"],
    [[[["x"]]], "- - - x\n"],
    [[map(["a", [1, 2]], ["b", "x"])], "- a:\n  - 1\n  - 2\n  b: x\n"],
    [[map(["a", map(["b", [map(["c", 1])]])])], "- a:\n    b:\n    - c: 1\n"],
    [map(["e", new Map()], ["f", []], ["g", [[], new Map()]]), "e: {}\nf: []\ng:\n- []\n- {}\n"],
    [map(["k", [map(["a", new Map()])]]), "k:\n- a: {}\n"],
  ];
  for (const [value, want] of cases) assert.equal(emitYaml(value), want);
});

Deno.test("emitYaml() writes complex keys in explicit form", () => {
  const long = "k".repeat(129);
  const cases: [Value, string][] = [
    [map(["m\nk", [1, 2]]), "? |-\n  m\n  k\n: - 1\n  - 2\n"],
    [map(["m\nk", map(["a", 1], ["b", 2])]), "? |-\n  m\n  k\n: a: 1\n  b: 2\n"],
    [map(["m\nk", "v"]), "? |-\n  m\n  k\n: v\n"],
    [map(["m\nk\n", "v"]), "? |\n  m\n  k\n: v\n"],
    [map([long, "v"]), `? ${long}\n: v\n`],
    [map(["k".repeat(128), "v"]), `${"k".repeat(128)}: v\n`],
    [map(["é".repeat(64), "v"]), `${"é".repeat(64)}: v\n`],
    [map(["é".repeat(65), "v"]), `? ${"é".repeat(65)}\n: v\n`],
    [map(["a\rb", "v"]), '? "a\\rb"\n: v\n'],
    [map(["x \ny", 1]), '? "x \\ny"\n: 1\n'],
    [map(["a", map([long, [1]])]), `a:\n  ? ${long}\n  : - 1\n`],
    [[map(["m\nk", "v"])], "- ? |-\n    m\n    k\n  : v\n"],
  ];
  for (const [value, want] of cases) assert.equal(emitYaml(value), want);
});

Deno.test("emitYaml() folds explicit keys and their values past column 80", () => {
  const words = Array(30).fill("word");
  const key = words.join(" ");
  const folded = `${words.slice(0, 16).join(" ")}\n  ${words.slice(16).join(" ")}`;
  assert.equal(emitYaml(map([key, key])), `? ${folded}\n: ${folded}\n`);
  // A simple key never folds.
  const simple = words.slice(0, 25).join(" ");
  assert.equal(emitYaml(map([simple, 1])), `${simple}: 1\n`);
});

Deno.test("emitYaml() sorts keys as spruce does unless asked for input order", () => {
  const keys: Key[] = ["abc", "3", null, 10, 2, 1.5, 1, true, false, -1];
  const doc = new Map(keys.map((k) => [k, "x"]));
  assert.equal(
    emitYaml(doc),
    '-1: x\nfalse: x\ntrue: x\n1: x\n1.5: x\n2: x\n10: x\nnull: x\n"3": x\nabc: x\n',
  );
  assert.equal(
    emitYaml(doc, { keyOrder: "input" }),
    'abc: x\n"3": x\nnull: x\n10: x\n2: x\n1.5: x\n1: x\ntrue: x\nfalse: x\n-1: x\n',
  );
  assert.equal(
    emitYaml(map(["b", map(["d", 1], ["c", 2])], ["a", 0])),
    "a: 0\nb:\n  c: 2\n  d: 1\n",
  );
});

Deno.test("emitYaml() writes non-string keys as their scalars", () => {
  assert.equal(
    emitYaml(map([1e21, "a"], [9223372036854775808n, "b"])),
    "9223372036854775808: b\n1e+21: a\n",
  );
  assert.equal(emitYaml(map([NaN, "v"])), ".nan: null\n");
  assert.equal(emitYaml(map([Infinity, "v"])), ".inf: v\n");
});

Deno.test("emitYaml() double-quotes strings that would read back as other types", () => {
  const quoted = [
    ...["yes", "n", "on", "true", "null", "~", "", "1.0", "0x1F", "012", "1e3", ".5", "+1"],
    ...["1_000", "0b101", "0o17", ".inf", "-inf", "12:30", "1:20", "3"],
  ];
  assertValues(quoted.map((s) => [s, ` "${s}"`]));
  const plain = ["tRue", "yES", "nULL", "1e400", "1.2.3", "2001-12-14", "<<", "="];
  assertValues(plain.map((s) => [s, ` ${s}`]));
});

Deno.test("emitYaml() single-quotes strings plain style cannot hold", () => {
  const quoted = [
    ...["@foo", "a: b", "a #b", " lead", "tail ", "---x", '"dq"', "-", ": ", "- a", "? x"],
    ...["...", "a:", "#c", ",c", "[c", "]c", "{c", "}c", "&c", "*c", "!c", "|c", ">c", "%c"],
    "`c",
  ];
  assertValues(quoted.map((s) => [s, ` '${s}'`]));
  assertValues([["'q'", " '''q'''"], ["it's 'x: y'", " 'it''s ''x: y'''"]]);
  const plain = ["a#b", "a:b", "a,b", "a[b]", "it's", "a\\b", 'quote"back\\', "10%", "~home"];
  assertValues([...plain, "-a", ":x", "?x", "--x", "..x", "a-"].map((s) => [s, ` ${s}`]));
});

Deno.test("emitYaml() double-quotes unprintable text with go-yaml's escapes", () => {
  assertValues([
    ["a\tb", ' "a\\tb"'],
    ["\x01", ' "\\x01"'],
    ["\u{1F600}", ' "\\U0001F600"'],
    ["cr\rhere", ' "cr\\rhere"'],
    ["\x7F", ' "\\x7F"'],
    ["\uFFFE", ' "\\uFFFE"'],
    ["a\u0085b", ' "a\\Nb"'],
    ['a\x00\x07\x08\t\x0b\x0c\r\x1b"\\\u2028\u2029b', ' "a\\0\\a\\b\\t\\v\\f\\r\\e\\"\\\\\\L\\Pb"'],
    ["x\ny\x01", ' "x\\ny\\x01"'],
    ["ends with space\nline2 ", ' "ends with space\\nline2 "'],
    ["l1 \nl2", ' "l1 \\nl2"'],
    ["\uFEFFbom", ' "\\uFEFF\\x62\\x6F\\x6D"'],
    ["\uFEFF\u00A0 \u{1F600}", ' "\\uFEFF\\_\\x20\\U0001F600"'],
  ]);
  assertValues([["é日☃", " é日☃"], ["a\u00A0b", " a\u00A0b"]]);
});

Deno.test("emitYaml() writes multi-line strings as literal blocks", () => {
  assertValues([
    ["l1\nl2", " |-\n  l1\n  l2"],
    ["l1\nl2\n", " |\n  l1\n  l2"],
    ["l1\n\n", " |+\n  l1\n"],
    [" l1\nl2", " |2-\n   l1\n  l2"],
    ["\n", " |2+\n"],
    ["\nl1", " |2-\n\n  l1"],
    ["a\n\n\nb", " |-\n  a\n\n\n  b"],
    ["x\n y", " |-\n  x\n   y"],
    ["it's: #\n'q'", " |-\n  it's: #\n  'q'"],
  ]);
  assert.equal(emitYaml(map(["k", ["l1\nl2"]])), "k:\n- |-\n  l1\n  l2\n");
  assert.equal(emitYaml(map(["k", [map(["k", "l1\nl2"])]])), "k:\n- k: |-\n    l1\n    l2\n");
  assert.equal(emitYaml([["l1\nl2"]]), "- - |-\n    l1\n    l2\n");
  assert.equal(
    emitYaml(map(["a", map(["b", "x\ny\n"])], ["c", 1])),
    "a:\n  b: |\n    x\n    y\nc: 1\n",
  );
});

Deno.test("emitYaml() runs a block ending in U+2028 into the next line as go-yaml does", () => {
  assert.equal(emitYaml(map(["a", "x\ny\u2028"], ["b", 1])), "a: |\n  x\n  y\u2028b: 1\n");
  assert.equal(emitYaml(map(["a", "x\u2028y"])), "a: 'x\u2028  y'\n");
});

Deno.test("emitYaml() folds plain scalars at a space past column 80", () => {
  assertValues([
    ["x".repeat(77) + " y", " " + "x".repeat(77) + " y"],
    ["x".repeat(78) + " y", " " + "x".repeat(78) + "\n  y"],
    ["x".repeat(85) + "  y", " " + "x".repeat(85) + "  y"],
    ["x".repeat(85) + "  y z", " " + "x".repeat(85) + "  y\n  z"],
  ]);
  const words = Array(40).fill("abcd");
  assertValues([[
    words.join(" "),
    ` ${words.slice(0, 16).join(" ")}\n  ${words.slice(16, 32).join(" ")}\n  ${
      words.slice(32).join(" ")
    }`,
  ]]);
  const text = "x".repeat(80) + " y";
  assert.equal(emitYaml(map(["k", [text]])), `k:\n- ${"x".repeat(80)}\n  y\n`);
  assert.equal(emitYaml(map(["a", map(["b", text])])), `a:\n  b: ${"x".repeat(80)}\n    y\n`);
  assert.equal(emitYaml(map(["k", [[text]]])), `k:\n- - ${"x".repeat(80)}\n    y\n`);
});

Deno.test("emitYaml() folds quoted scalars by their own rules", () => {
  assertValues([
    ["@" + "x".repeat(80) + " y", " '@" + "x".repeat(80) + "\n  y'"],
    ["@" + "x".repeat(80) + "  y", " '@" + "x".repeat(80) + "  y'"],
    ["x".repeat(85) + " ", " '" + "x".repeat(85) + " '"],
    ["\x01" + "x".repeat(80) + " y", ' "\\x01' + "x".repeat(80) + '\n  y"'],
    ["\x01" + "x".repeat(80) + "  y", ' "\\x01' + "x".repeat(80) + '\n  \\ y"'],
    ["\x01" + "x".repeat(80) + " ", ' "\\x01' + "x".repeat(80) + ' "'],
  ]);
});

Deno.test("emitYaml() writes empty and space-only strings quoted", () => {
  assert.equal(emitYaml(map(["k", ""])), 'k: ""\n');
  assert.equal(emitYaml(map(["", "v"])), '"": v\n');
  assert.equal(emitYaml(map([" ", 1])), "' ': 1\n");
});

Deno.test("emitYaml() writes ints, floats, booleans and null", () => {
  assertValues([
    [42, " 42"],
    [-7, " -7"],
    [9223372036854775808n, " 9223372036854775808"],
    [18446744073709551615n, " 18446744073709551615"],
    [-9223372036854775808n, " -9223372036854775808"],
    [new Float(1), " 1"],
    [new Float(0.1), " 0.1"],
    [new Float(1e6), " 1e+06"],
    [new Float(100000), " 100000"],
    [new Float(123456789.123), " 1.23456789123e+08"],
    [new Float(3.14159265358979), " 3.14159265358979"],
    [new Float(1e-7), " 1e-07"],
    [new Float(0.0001), " 0.0001"],
    [new Float(-0), " -0"],
    [new Float(NaN), " .nan"],
    [new Float(Infinity), " .inf"],
    [new Float(-Infinity), " -.inf"],
    [true, " true"],
    [false, " false"],
    [null, " null"],
  ]);
});

Deno.test("emitYaml() writes invalid UTF-8 bytes as !!binary base64", () => {
  assertValues([[new Uint8Array([0xff]), " !!binary /w=="]]);
  const long = new Uint8Array(60).fill(0xff);
  const encoded = "/".repeat(80);
  assertValues([[long, ` !!binary |\n  ${encoded.slice(0, 70)}\n  ${encoded.slice(70)}`]]);
  assert.equal(emitYaml(map(["k", [new Uint8Array([0xfe, 0xff])]])), "k:\n- !!binary /v8=\n");
});

Deno.test("emitYaml() writes expressions as their source text", () => {
  assertValues([
    [new Expression("(( grab a.b ))"), " (( grab a.b ))"],
    [new Expression('(( concat "a" "b" ))'), ' (( concat "a" "b" ))'],
    [new Expression('(( grab x || "a: b" ))'), ` '(( grab x || "a: b" ))'`],
  ]);
});
