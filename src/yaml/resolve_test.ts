import assert from "node:assert/strict";
import { Float } from "../core/mod.ts";
import {
  isBase60Float,
  parseGoFloat,
  parseYamlFloat,
  parseYamlInt,
  resolvePlainScalar,
  resolvesToNonString,
  YAML_BOOL,
  YAML_NULL,
} from "./resolve.ts";

Deno.test("resolvesToNonString() is true for what go-yaml reads as bool, null, int or float", () => {
  const nonStrings = [
    ...["yes", "n", "on", "true", "null", "~", "", "1.0", "0x1F", "012", "1e3", ".5", "+1"],
    ...["1_000", "0b101", "0o17", ".inf", "-inf", "+inf", "-Infinity", "08", "1.", "0x1p-2"],
    ...["0b-1", "-.inf", ".NaN", "Y", "OFF", "9223372036854775808", "-9223372036854775809"],
    ...["+9223372036854775808", "1__0", ".2_1", "-0", "1e-400", "0X1P+2"],
  ];
  for (const text of nonStrings) assert.equal(resolvesToNonString(text), true, text);
});

Deno.test("resolvesToNonString() is false for what go-yaml keeps as a string", () => {
  const strings = [
    ...["tRue", "yES", "nULL", "1e400", "1.2.3", "2001-12-14", "<<", "=", "12:30", "0x1p99999"],
    ...[".", "._1", "nan", "inf", "+nan", "0x", "-", "+", "e3", "0xG", "infinity", "yes please"],
    ...["1e", "1e+", "0x1.8", "10.0.0.1", "Null ", " 1", "1 ", "abc", "ON!", "0b", "-0b"],
  ];
  for (const text of strings) assert.equal(resolvesToNonString(text), false, text);
});

Deno.test("parseYamlInt() follows Go ParseInt/ParseUint after removing underscores", () => {
  const cases: [string, number | bigint | undefined][] = [
    ["012", 10],
    ["0777", 511],
    ["-0x10", -16],
    ["+12", 12],
    ["1__0", 10],
    ["0", 0],
    ["00", 0],
    ["0o17", 15],
    ["0B101", 5],
    ["0X1f", 31],
    ["-0b101", -5],
    ["0b-1", -1],
    ["-0b-1", 1],
    ["9007199254740991", 9007199254740991],
    ["9007199254740993", 9007199254740993n],
    ["9223372036854775807", 9223372036854775807n],
    ["9223372036854775808", 9223372036854775808n],
    ["18446744073709551615", 18446744073709551615n],
    ["0xFFFFFFFFFFFFFFFF", 18446744073709551615n],
    ["-9223372036854775808", -9223372036854775808n],
    ["18446744073709551616", undefined],
    ["-9223372036854775809", undefined],
    ["+9223372036854775808", undefined],
    ["08", undefined],
    ["0x", undefined],
    ["1.5", undefined],
    ["abc", undefined],
    [".5", undefined],
    ["", undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseYamlInt(text), want, text);
  assert.ok(Object.is(parseYamlInt("-0"), 0), "-0 is the int 0");
});

Deno.test("parseYamlFloat() follows Go ParseFloat with go-yaml's special words", () => {
  const cases: [string, number | undefined][] = [
    ["1e3", 1000],
    ["1.", 1],
    [".5", 0.5],
    ["+.5", 0.5],
    ["-.5e1", -5],
    ["08", 8],
    ["1_000", 1000],
    ["1_0.5", 10.5],
    [".2_1", 0.21],
    ["+inf", Infinity],
    ["-Infinity", -Infinity],
    ["+INF", Infinity],
    [".inf", Infinity],
    ["-.Inf", -Infinity],
    ["0x1p-2", 0.25],
    ["0x1.8p1", 3],
    ["0x.8p0", 0.5],
    ["0X1P+2", 4],
    ["0x1p-1074", 5e-324],
    ["0x1p-1075", 0],
    ["0x1.8p-1075", 5e-324],
    ["0x1fffffffffffffp971", Number.MAX_VALUE],
    ["1e-400", 0],
    ["1.7976931348623157e308", Number.MAX_VALUE],
    ["1e400", undefined],
    ["0x1p99999", undefined],
    ["0x1.fffffffffffff8p1023", undefined],
    ["._1", undefined],
    ["1e", undefined],
    ["1e+", undefined],
    ["0x1", undefined],
    ["nan", undefined],
    ["inf", undefined],
    ["abc", undefined],
    ["-", undefined],
    ["1.2.3", undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseYamlFloat(text), want, text);
  assert.ok(Number.isNaN(parseYamlFloat(".nan")));
  assert.ok(Object.is(parseYamlFloat("-0.0"), -0));
});

Deno.test("parseGoFloat() allows underscores only between digits", () => {
  assert.equal(parseGoFloat("1_000.000_1"), 1000.0001);
  assert.equal(parseGoFloat("0x_1p0"), 1);
  assert.equal(parseGoFloat("1e1_0"), 1e10);
  for (const text of ["_1", "1_", "1__0", "1_.5", "1._5", "1_e5", "1e_5"]) {
    assert.equal(parseGoFloat(text), undefined, text);
  }
  assert.ok(Number.isNaN(parseGoFloat("NaN")));
  assert.equal(parseGoFloat("+nan"), undefined);
  assert.equal(parseGoFloat("infin"), undefined);
});

Deno.test("resolvePlainScalar() types a plain scalar as go-yaml does", () => {
  const cases: [string, unknown][] = [
    ["y", true],
    ["Off", false],
    ["~", null],
    ["", null],
    ["12", 12],
    ["9223372036854775808", 9223372036854775808n],
    ["1.5", new Float(1.5)],
    ["1e6", new Float(1e6)],
    ["1.0", new Float(1)],
    ["abc", "abc"],
    ["<<", "<<"],
    ["12:30", "12:30"],
    ["2001-12-14", "2001-12-14"],
  ];
  for (const [text, want] of cases) assert.deepStrictEqual(resolvePlainScalar(text), want, text);
});

Deno.test("isBase60Float() matches YAML 1.1 base-60 numbers", () => {
  for (const text of ["12:30", "1:20", "-12:30:45.5", "+190:20:30", "1:2:3", "1_0:05."]) {
    assert.equal(isBase60Float(text), true, text);
  }
  for (const text of ["12:60", "a:1", "12:30:", ":30", "12", "1:2:3x", "12:345"]) {
    assert.equal(isBase60Float(text), false, text);
  }
});

Deno.test("YAML_BOOL and YAML_NULL hold go-yaml's words", () => {
  assert.equal(YAML_BOOL.size, 22);
  assert.equal(YAML_BOOL.get("ON"), true);
  assert.equal(YAML_BOOL.get("n"), false);
  assert.equal(YAML_BOOL.get("tRue"), undefined);
  assert.deepStrictEqual([...YAML_NULL].sort(), ["", "NULL", "Null", "null", "~"]);
});
