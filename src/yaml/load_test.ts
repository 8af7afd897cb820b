import assert from "node:assert/strict";
import { Expression, Float, GraftError, type Value, type YamlMap } from "../core/mod.ts";
import { loadYaml } from "./load.ts";

/** The first document of a text. */
function load(text: string): Value {
  return loadYaml(text, "t.yml")[0];
}

/** The value of `v:` in a one-line document. */
function scalar(text: string): Value {
  return (load(`v: ${text}\n`) as YamlMap).get("v")!;
}

/** A map from entries, for deep comparisons. */
function map(...entries: [unknown, unknown][]): YamlMap {
  return new Map(entries) as YamlMap;
}

/** The error a load throws. */
function loadError(text: string, options = {}): GraftError {
  try {
    loadYaml(text, "t.yml", options);
  } catch (error) {
    assert.ok(error instanceof GraftError, `not a GraftError: ${error}`);
    return error;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

// spec/OUTPUT-FORMAT.md §F rule 21: the implicit typing of untagged plain scalars.
const TYPING: [string, Value][] = [
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((
    w,
  ): [string, Value] => [w, true]),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((
    w,
  ): [string, Value] => [w, false]),
  ["", null],
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  [".nan", new Float(NaN)],
  [".NaN", new Float(NaN)],
  [".NAN", new Float(NaN)],
  [".inf", new Float(Infinity)],
  ["+.Inf", new Float(Infinity)],
  ["-.INF", new Float(-Infinity)],
  ["0x1F", 31],
  ["0o17", 15],
  ["0b101", 5],
  ["012", 10],
  ["0777", 511],
  ["-0x10", -16],
  ["+12", 12],
  ["1__0", 10],
  ["0b-1", -1],
  ["-0", 0],
  ["9223372036854775807", 9223372036854775807n],
  ["-9223372036854775808", -9223372036854775808n],
  ["18446744073709551615", 18446744073709551615n],
  ["18446744073709551616", new Float(18446744073709551616)],
  ["1e3", new Float(1000)],
  ["1.", new Float(1)],
  [".5", new Float(0.5)],
  ["1.0", new Float(1)],
  ["08", new Float(8)],
  ["+inf", new Float(Infinity)],
  ["-Infinity", new Float(-Infinity)],
  ["0x1p-2", new Float(0.25)],
  [".2_1", new Float(0.21)],
  ["1e400", "1e400"],
  ["0x1p99999", "0x1p99999"],
  ["2001-12-14", "2001-12-14"],
  ["1:20", "1:20"],
  ["12:30:45", "12:30:45"],
  ["tRue", "tRue"],
  ["yES", "yES"],
  ["nULL", "nULL"],
  ["1.2.3", "1.2.3"],
  ["=", "="],
  ["._1", "._1"],
  ["nan", "nan"],
  ["inf", "inf"],
  ['"yes"', "yes"],
  ["'12'", "12"],
  ['"~"', "~"],
];

for (const [text, want] of TYPING) {
  Deno.test(`loadYaml() reads the plain scalar ${JSON.stringify(text)} as go-yaml does`, () => {
    assert.deepEqual(scalar(text), want);
  });
}

// §F rule 22: explicit tags.
const TAGS: [string, Value][] = [
  ["!!str 123", "123"],
  ["!!str", ""],
  ['!!int "42"', 42],
  ["!!int 0x10", 16],
  ['!!bool "yes"', true],
  ["!!float 1.5", new Float(1.5)],
  ["!!null ~", null],
  ["!foo bar", "bar"],
  ["!foo 12", "12"],
  ["!<tag:example.com,2000:x> 1", "1"],
  ["!!timestamp 2001-12-14", "2001-12-14"],
  ["!!binary aGVsbG8=", "hello"],
  ["!!binary /w==", new Uint8Array([0xff])],
  ["!!set {a, b}", map(["a", null], ["b", null])],
  ["!!omap [a, b]", ["a", "b"]],
  ["! 12", "12"],
];

for (const [text, want] of TAGS) {
  Deno.test(`loadYaml() reads the tagged scalar ${JSON.stringify(text)}`, () => {
    assert.deepEqual(scalar(text), want);
  });
}

Deno.test("loadYaml() decodes a block !!binary with line breaks", () => {
  assert.equal(scalar("!!binary |\n  aGVs\n  bG8=\n"), "hello");
});

const TAG_ERRORS: [string, string][] = [
  ["v: !!float 1\n", "yaml: line 1, column 4: cannot decode !!int `1` as a !!float"],
  ["v: !!int 1.5\n", "yaml: line 1, column 4: cannot decode !!float `1.5` as a !!int"],
  ["v: !!int abc\n", "yaml: line 1, column 4: cannot decode !!str `abc` as a !!int"],
  ["v: !!bool 1\n", "yaml: line 1, column 4: cannot decode !!int `1` as a !!bool"],
  ["a: 1\nv: !!int\n", "yaml: line 2, column 4: cannot decode !!null `` as a !!int"],
  [
    "v: !!binary 'aGVsbG8'\n",
    "yaml: line 1, column 4: !!binary value contains invalid base64 data",
  ],
];

for (const [text, message] of TAG_ERRORS) {
  Deno.test(`loadYaml() refuses ${JSON.stringify(text)}`, () => {
    assert.equal(loadError(text).message, message);
  });
}

Deno.test("loadYaml() types keys and keeps their input order", () => {
  const doc = load('b: 1\n10: ten\na: 2\n"2": two\n1.5: f\ny: yes\n~: nil\n0x10: hex\n') as YamlMap;
  assert.deepEqual([...doc.keys()], ["b", 10, "a", "2", 1.5, true, null, 16]);
  assert.equal(doc.get(10), "ten");
  assert.equal(doc.get("2"), "two");
  assert.equal(doc.get(true), true);
  assert.equal(doc.get(null), "nil");
});

Deno.test("loadYaml() types keys of flow mappings and explicit keys", () => {
  assert.deepEqual(load("{10: a, b: 2, 3}"), map([10, "a"], ["b", 2], [3, null]));
  assert.deepEqual(load("? 10\n: ten\n? y\n"), map([10, "ten"], [true, null]));
  assert.deepEqual(load('{"10":1,"a":2}'), map(["10", 1], ["a", 2]));
});

Deno.test("loadYaml() keeps integer-like string keys in order", () => {
  const doc = load("z: 0\n'5': a\n'1': b\n\"0\": c\n") as YamlMap;
  assert.deepEqual([...doc.keys()], ["z", "5", "1", "0"]);
});

Deno.test("loadYaml() keeps keys that start with the box mark", () => {
  assert.deepEqual(load("\uE0001: a\n"), map(["\uE0001", "a"]));
});

Deno.test("loadYaml() lets the last duplicate key win", () => {
  assert.deepEqual(
    load("a: 1\nb: 2\na: 3\n1: x\n01: z\n-0.0: p\n0.0: q\n"),
    map(
      ["a", 3],
      ["b", 2],
      [1, "z"],
      [0, "q"],
    ),
  );
});

Deno.test("loadYaml() keeps __proto__ as a plain key", () => {
  const doc = load("__proto__: {a: 1}\n") as YamlMap;
  assert.deepEqual([...doc.keys()], ["__proto__"]);
  assert.deepEqual(doc.get("__proto__"), map(["a", 1]));
});

Deno.test("loadYaml() refuses collections as keys", () => {
  const error = loadError("a: 1\n? [x]\n: y\n");
  assert.equal(
    error.message,
    "yaml: line 2, column 3: invalid map key: a map or a list cannot be a key",
  );
});

// §F rule 23: anchors, aliases and merge keys.
Deno.test("loadYaml() expands aliases into independent copies", () => {
  const doc = load("a: &x {k: [1, 2]}\nb: *x\nc: *x\n") as YamlMap;
  assert.deepEqual(doc.get("b"), map(["k", [1, 2]]));
  const b = doc.get("b") as YamlMap;
  (b.get("k") as Value[]).push(3);
  b.set("new", 1);
  assert.deepEqual(doc.get("a"), map(["k", [1, 2]]));
  assert.deepEqual(doc.get("c"), map(["k", [1, 2]]));
});

Deno.test("loadYaml() merges maps as go-yaml does", () => {
  const text = "base: &b {x: 1, z: 1}\n" +
    "other: &o {x: 2, w: 2}\n" +
    "before:\n  x: 0\n  <<: *b\n" + // the merge overwrites keys set before it
    "after:\n  <<: *b\n  x: 9\n" + // explicit keys after it win
    "list:\n  <<: [*b, *o]\n" + // earlier maps win
    'quoted:\n  "<<": 1\n' +
    "twice:\n  <<: *b\n  <<: {x: 3}\n";
  const doc = load(text) as YamlMap;
  assert.deepEqual(doc.get("before"), map(["x", 1], ["z", 1]));
  assert.deepEqual(doc.get("after"), map(["x", 9], ["z", 1]));
  assert.deepEqual(doc.get("list"), map(["x", 1], ["z", 1], ["w", 2]));
  assert.deepEqual(doc.get("quoted"), map(["<<", 1]));
  assert.deepEqual(doc.get("twice"), map(["x", 3], ["z", 1]));
});

Deno.test("loadYaml() merged maps are copies", () => {
  const doc = load("a: &a {k: {x: 1}}\nb:\n  <<: *a\n") as YamlMap;
  ((doc.get("b") as YamlMap).get("k") as YamlMap).set("x", 2);
  assert.deepEqual(doc.get("a"), map(["k", map(["x", 1])]));
});

Deno.test("loadYaml() refuses merging a scalar or a list of non-maps", () => {
  const message = "map merge requires map or sequence of maps as the value";
  assert.equal(loadError("a:\n  <<: 1\n").message, `yaml: line 2, column 7: ${message}`);
  assert.equal(loadError("l: &l [1]\nm: {<<: *l}\n").message, `yaml: line 2, column 9: ${message}`);
  assert.equal(
    loadError("m: &m {}\nn:\n  <<: [*m, 2]\n").message,
    `yaml: line 3, column 7: ${message}`,
  );
});

Deno.test("loadYaml() refuses an unknown alias", () => {
  assert.equal(
    loadError("a: *nope\n").message,
    'yaml: line 1, column 9: unidentified alias "nope"',
  );
});

Deno.test("loadYaml() stops alias bombs", () => {
  const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  const error = loadError(levels.join("\n") + "\n");
  assert.match(error.message, /excessive aliasing/);
  assert.equal(error.file, "t.yml");
});

// Documents.
Deno.test("loadYaml() reads only the first document unless asked for all", () => {
  const text = "a: 1\n---\nb: 2\n--- # comment\nc: 3\n---\r\nd: 4\n";
  assert.deepEqual(loadYaml(text, "t.yml"), [map(["a", 1])]);
  assert.deepEqual(loadYaml(text, "t.yml", { multiDoc: true }), [
    map(["a", 1]),
    map(["b", 2]),
    map(["c", 3]),
    map(["d", 4]),
  ]);
});

Deno.test("loadYaml() ignores errors after the first document", () => {
  assert.deepEqual(loadYaml("a: 1\n---\nb: [\n", "t.yml"), [map(["a", 1])]);
  assert.match(loadError("a: 1\n---\nb: [\n", { multiDoc: true }).message, /^yaml: line 4/);
});

Deno.test("loadYaml() keeps `---` inside a block scalar as text", () => {
  assert.deepEqual(loadYaml("a: |\n  x\n  ---\n  y\n---\nb: 1\n", "t.yml", { multiDoc: true }), [
    map(["a", "x\n---\ny\n"]),
    map(["b", 1]),
  ]);
});

Deno.test("loadYaml() reads empty and comment-only documents as null", () => {
  assert.deepEqual(loadYaml("", "t.yml"), [null]);
  assert.deepEqual(loadYaml("# nothing\n", "t.yml"), [null]);
  assert.deepEqual(loadYaml("---\n", "t.yml"), [null]);
  assert.deepEqual(loadYaml("---\n---\na: 1\n", "t.yml", { multiDoc: true }), [
    null,
    map(["a", 1]),
  ]);
});

Deno.test("loadYaml() reads JSON", () => {
  assert.deepEqual(
    load('{"a": [1, 2.5, "x", true, null], "10": {}}'),
    map(
      ["a", [1, new Float(2.5), "x", true, null]],
      ["10", map()],
    ),
  );
});

Deno.test("loadYaml() strips a byte order mark", () => {
  assert.deepEqual(load("\uFEFFa: 1\n"), map(["a", 1]));
});

// Expressions.
Deno.test("loadYaml() reads expressions with their origins", () => {
  const text = "a: (( grab b ))\n" +
    "list:\n- \"(( grab c ))\"\n- '  (( grab d ))  '\n" +
    "flow: [ (( x )), 1 ]\n" +
    'multi: (( concat\n    "a: b" ))\n' +
    "after: (( y ))\n" +
    "block: |-\n  (( z ))\n";
  const doc = load(text) as YamlMap;
  const at = (line: number, column: number) => ({ file: "t.yml", line, column });
  assert.deepEqual(doc.get("a"), new Expression("(( grab b ))", at(1, 4)));
  assert.deepEqual(doc.get("list"), [
    new Expression("(( grab c ))", at(3, 4)),
    new Expression("  (( grab d ))  ", at(4, 6)),
  ]);
  assert.deepEqual(doc.get("flow"), [new Expression("(( x ))", at(5, 9)), 1]);
  assert.deepEqual(doc.get("multi"), new Expression('(( concat "a: b" ))', at(6, 8)));
  assert.deepEqual(doc.get("after"), new Expression("(( y ))", at(8, 8)));
  assert.deepEqual(doc.get("block"), new Expression("(( z ))", at(10, 3)));
});

Deno.test("loadYaml() reads the expressions of the user's guide", () => {
  const text = "secure:\n" +
    '  data: (( nats "kv:secure/data" {\n' +
    '    url: "nats://secure-nats:4222",\n' +
    '    timeout: "10s",\n' +
    "    retries: 5,\n" +
    "    tls: true\n" +
    "  } ))\n" +
    "config:\n" +
    "  database: (( nats\n" +
    '    (concat "obj:configs/" meta.environment "/database.yaml")\n' +
    '    (grab (concat "nats_config." meta.environment)) ))\n' +
    'k: (( grab a || "x: y #z" ))\n' +
    "m: 1\n";
  const doc = load(text) as YamlMap;
  const at = (line: number, column: number) => ({ file: "t.yml", line, column });
  assert.deepEqual(
    (doc.get("secure") as YamlMap).get("data"),
    new Expression(
      '(( nats "kv:secure/data" { url: "nats://secure-nats:4222", timeout: "10s", retries: 5, tls: true } ))',
      at(2, 9),
    ),
  );
  assert.deepEqual(
    (doc.get("config") as YamlMap).get("database"),
    new Expression(
      '(( nats (concat "obj:configs/" meta.environment "/database.yaml") (grab (concat "nats_config." meta.environment)) ))',
      at(9, 13),
    ),
  );
  assert.deepEqual(doc.get("k"), new Expression('(( grab a || "x: y #z" ))', at(12, 4)));
  assert.equal(doc.get("m"), 1);
});

Deno.test("loadYaml() never makes keys or partial matches expressions", () => {
  const doc = load('(( k )): 1\na: (( x )) y\nb: "(( two\\nlines ))"\nc: ((\n') as YamlMap;
  assert.deepEqual(
    doc,
    map(["(( k ))", 1], ["a", "(( x )) y"], ["b", "(( two\nlines ))"], [
      "c",
      "((",
    ]),
  );
});

Deno.test("loadYaml() shares an anchored expression with its aliases", () => {
  const doc = load("a: &e (( grab x ))\nb: *e\n") as YamlMap;
  const origin = { file: "t.yml", line: 1, column: 7 };
  assert.deepEqual(doc.get("b"), new Expression("(( grab x ))", origin));
});

Deno.test("loadYaml() leaves expressions as strings without expressions", () => {
  const doc = loadYaml("a: (( grab b ))\nb: '(( c ))'\n", "t.yml", { expressions: false })[0];
  assert.deepEqual(doc, map(["a", "(( grab b ))"], ["b", "(( c ))"]));
});

Deno.test("loadYaml() reads expressions in CRLF files", () => {
  const doc = load("a: 1\r\nb: (( grab\r\n   c ))\r\nd: (( e ))\r\n") as YamlMap;
  assert.deepEqual(
    doc.get("b"),
    new Expression("(( grab c ))", { file: "t.yml", line: 2, column: 4 }),
  );
  assert.deepEqual(doc.get("d"), new Expression("(( e ))", { file: "t.yml", line: 4, column: 4 }));
});

// Errors.
const SYNTAX_ERRORS: [string, number, number][] = [
  ["a: [\n", 2, 1],
  ["a: b: c\n", 1, 5],
  ["a:\n\tb: 1\n", 2, 1],
  ["a: 'x\n", 2, 1],
  ['x: (( concat\n  "a" ))\ny: {\n', 4, 1],
  ["a: 1\n b: 2\n", 2, 3],
];

for (const [text, line, column] of SYNTAX_ERRORS) {
  Deno.test(`loadYaml() reports the malformed ${JSON.stringify(text)} at ${line}:${column}`, () => {
    const error = loadError(text);
    assert.equal(error.code, "input");
    assert.equal(error.file, "t.yml");
    assert.deepEqual(error.origin, { file: "t.yml", line, column });
    assert.ok(error.message.startsWith(`yaml: line ${line}, column ${column}: `), error.message);
    assert.ok(!error.message.includes("\n"), error.message);
  });
}
