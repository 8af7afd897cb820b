import assert from "node:assert/strict";
import { Float, GraftError, type Value } from "../core/mod.ts";
import { CalcExpression, type CalcOperand, calcValue } from "./calc_expression.ts";

/** The operands the table's expressions may name. */
const VALUES: ReadonlyMap<string, CalcOperand> = new Map<string, CalcOperand>([
  ["meta.int", 6n],
  ["meta.float", 2.5],
  ["meta.neg", -3n],
  ["meta.big", 9007199254740993n],
  ["meta.custom-extras", 4n],
  ["jobs.web.instances", 3n],
  ["count", 10n],
]);

const f = (value: number) => new Float(value);

/** Expression, then its value or its error message. */
const CASES: readonly [string, Value | { error: string }][] = [
  // literals and ints vs floats
  ["42", 42],
  ["2.5", f(2.5)],
  ["2.", 2],
  [".5", f(0.5)],
  ["true", true],
  ["false", false],
  ["  1  +  2  ", 3],
  // arithmetic: ints stay exact, whole floats become ints
  ["1 + 2", 3],
  ["1 - 2.5", f(-1.5)],
  ["3 * 4", 12],
  ["8 / 2", 4],
  ["7 / 2", f(3.5)],
  ["1.5 * 2", 3],
  ["(90 * 86400) + 0.1", f(7776000.1)],
  ["90 * 86400", 7776000],
  ["7 % 3", 1],
  ["-7 % 3", -1],
  ["7.5 % 2", f(1.5)],
  ["2 ** 10", 1024],
  ["2 ** -1", f(0.5)],
  ["2 ** 62", 4611686018427387904n],
  ["2 ** 63", f(2 ** 63)],
  ["9223372036854775807 + 0", 9223372036854775807n],
  ["9223372036854775807 + 1", f(2 ** 63)],
  ["123456789012345678 * 10", 1234567890123456780n],
  ["1 / 0", f(Infinity)],
  ["0 / 0", f(NaN)],
  ["1 % 0", f(NaN)],
  ["1e0 + 1", { error: "Cannot transition token types from NUMERIC [1] to VARIABLE [e0]" }],
  // precedence and associativity (govaluate's levels)
  ["1 + 2 * 3", 7],
  ["(1 + 2) * 3", 9],
  ["10 - 4 - 3", 3],
  ["64 / 4 / 2", 8],
  ["2 ** 3 ** 2", 64],
  ["-2 ** 2", 4],
  ["2 * -3", -6],
  ["-(2 + 3)", -5],
  ["1 + 2 == 3", true],
  ["1 << 2 + 1", 8],
  ["6 & 3 == 2", true],
  ["1 < 2 && 2 < 3 || false", true],
  // comparisons and logic
  ["1 < 2", true],
  ["2 <= 2", true],
  ["3 > 4", false],
  ["3 >= 4.5", false],
  ["1 == 1.0", true],
  ["1 != 2", true],
  ["true == 1", false],
  ["true != false", true],
  ["true && false", false],
  ["false && 1", false],
  ["true || 1", true],
  ["false || true", true],
  ["!true", false],
  ["!(1 > 2)", true],
  ["true ? 1 : 2", 1],
  ["false ? 1 : 2", 2],
  ["false ? 1 : true ? 3 : 4", 3],
  ["1 > 0 ? 0.5 * 4 : 1 / 0", 2],
  // bitwise (int64, shifts on uint64)
  ["5 & 3", 1],
  ["5 | 3", 7],
  ["5 ^ 3", 6],
  ["~5", -6],
  ["1 << 4", 16],
  ["256 >> 4", 16],
  ["1 << 64", 0],
  ["-1 >> 1", 9223372036854775807n],
  ["7.9 & 3", 3],
  // functions
  ["min(meta.int, meta.float)", f(2.5)],
  ["max(1, 2)", 2],
  ["mod(7, 3)", 1],
  ["mod(8.333, 3.666)", f(8.333 % 3.666)],
  ["pow(2, 10)", 1024],
  ["pow(1, 0 / 0)", 1],
  ["sqrt(16)", 4],
  ["sqrt(2)", f(Math.SQRT2)],
  ["sqrt(-1)", f(NaN)],
  ["floor(2.5)", 2],
  ["floor(-2.5)", -3],
  ["ceil(2.1)", 3],
  ["floor(ceil(1.5) * 2.5)", 5],
  ["min()", { error: "min function expects two arguments of type float64" }],
  ["max(1)", { error: "max function expects two arguments of type float64" }],
  ["mod(1, 2, 3)", { error: "mod function expects two arguments of type float64" }],
  ["pow(true, 2)", { error: "pow function expects two arguments of type float64" }],
  ["sqrt(1, 2)", { error: "sqrt function expects one argument of type float64" }],
  ["floor(false)", { error: "floor function expects one argument of type float64" }],
  ["ceil()", { error: "ceil function expects one argument of type float64" }],
  // paths and names
  ["meta.int * 2", 12],
  ["meta.float * 2", 5],
  ["meta.neg * meta.neg", 9],
  ["2*meta.neg", -6],
  ["meta.big + 0", 9007199254740993n],
  ["meta.custom-extras + 1", 5],
  ["floor(jobs.web.instances / 2)", 1],
  ["count / 4", f(2.5)],
  ["2 * pi * r", { error: "calc operator does not support named variables in expression: pi, r" }],
  ["r * r + count", {
    error: "calc operator does not support named variables in expression: r, r",
  }],
  // syntax errors (govaluate's texts)
  ["", { error: "Unexpected end of expression" }],
  ["1 +", { error: "Unexpected end of expression" }],
  ["* 2", { error: "Cannot transition token types from UNKNOWN [<nil>] to MODIFIER [*]" }],
  ["1 2", { error: "Cannot transition token types from NUMERIC [1] to NUMERIC [2]" }],
  ["meta.int meta.int", {
    error: "Cannot transition token types from NUMERIC [meta.int] to NUMERIC [meta.int]",
  }],
  ["(1 + 2", { error: "Unbalanced parenthesis" }],
  ["1 + 2)", { error: "Unbalanced parenthesis" }],
  ["(1 +) 2", { error: "Unexpected ')'" }],
  ["true (1)", { error: "Cannot transition token types from BOOLEAN [true] to CLAUSE [40]" }],
  ["foo(1)", { error: "Undefined function foo" }],
  ["floor 2", { error: "Cannot transition token types from FUNCTION [floor] to NUMERIC [2]" }],
  ["- -1", { error: "Cannot transition token types from PREFIX [-] to MODIFIER [-]" }],
  ["2*-1", { error: "Invalid token: '*-'" }],
  ["1 = 1", { error: "Invalid token: '='" }],
  ["'a' + 1", { error: "Invalid token: '''" }],
  ["1 ?? 2", { error: "Invalid token: '??'" }],
  [".", { error: "Unable to parse numeric value '.' to float64" }],
  ["(1)(2)", { error: "Unexpected '('" }],
  ["1, 2", { error: "Unexpected ','" }],
  ["true ? 1", { error: "Unexpected end of expression" }],
  ["1 : 2", { error: "Unexpected ':'" }],
  // type errors (govaluate's texts: `+` and comparisons name the left side)
  ["1 + true", { error: "Value '1' cannot be used with the modifier '+', it is not a number" }],
  ["true * 2", { error: "Value 'true' cannot be used with the modifier '*', it is not a number" }],
  ["2 - false", {
    error: "Value 'false' cannot be used with the modifier '-', it is not a number",
  }],
  ["true | 1", { error: "Value 'true' cannot be used with the modifier '|', it is not a number" }],
  ["1 > true", { error: "Value '1' cannot be used with the comparator '>', it is not a number" }],
  ["1 && true", {
    error: "Value '1' cannot be used with the logical operator '&&', it is not a bool",
  }],
  ["false || 7776000", {
    error: "Value '7.776e+06' cannot be used with the logical operator '||', it is not a bool",
  }],
  ["1 ? 2 : 3", {
    error: "Value '1' cannot be used with the ternary operator '?', it is not a bool",
  }],
  ["-true", { error: "Value 'true' cannot be used with the prefix '-'" }],
  ["!1.5", { error: "Value '1.5' cannot be used with the prefix '!'" }],
  ["~false", { error: "Value 'false' cannot be used with the prefix '~'" }],
];

for (const [text, expected] of CASES) {
  Deno.test(`CalcExpression evaluates ${JSON.stringify(text)}`, () => {
    const expression = new CalcExpression(text);
    if (expected instanceof Object && "error" in expected) {
      assert.throws(
        () => expression.evaluate(VALUES),
        (error) => error instanceof GraftError && error.message === expected.error,
      );
    } else {
      assert.deepEqual(expression.evaluate(VALUES), expected);
    }
  });
}

Deno.test("CalcExpression lists the paths and names it reads, each once", () => {
  const expression = new CalcExpression(
    "floor((meta.mem - jobs.big.instances * 32) / 16) + extra * extra + meta.mem + 1.5 + pi",
  );
  assert.deepEqual(expression.paths, ["meta.mem", "jobs.big.instances"]);
  assert.deepEqual(expression.names, ["extra", "pi"]);
});

Deno.test("CalcExpression reads spruce's path pattern, numbers aside", () => {
  const paths = new CalcExpression("a-b.c + 8.333 + -.5 + x.1.y + 1.5e-3 + 2x.y + z.").paths;
  assert.deepEqual(paths, ["b.c", "x.1.y", "2x.y"]);
  const expression = new CalcExpression("a-b.c");
  assert.deepEqual(expression.names, ["a"]);
  assert.equal(expression.evaluate(new Map([["a", 5n], ["b.c", 2n]])), 3);
});

Deno.test("CalcExpression has no names when it does not parse, and reports that first", () => {
  const expression = new CalcExpression("pi * (r");
  assert.deepEqual(expression.names, []);
  assert.throws(() => expression.evaluate(new Map()), { message: "Unbalanced parenthesis" });
});

Deno.test("calcValue() keeps ints exact within int64 and turns whole floats into ints", () => {
  assert.equal(calcValue(3n), 3);
  assert.equal(calcValue(2n ** 62n), 2n ** 62n);
  assert.deepEqual(calcValue(2n ** 63n), new Float(2 ** 63));
  assert.equal(calcValue(-0), 0);
  assert.equal(calcValue(-(2 ** 63)), -(2n ** 63n));
  assert.deepEqual(calcValue(2 ** 63), new Float(2 ** 63));
  assert.deepEqual(calcValue(0.5), new Float(0.5));
  assert.deepEqual(calcValue(Infinity), new Float(Infinity));
  assert.equal(calcValue(true), true);
});
