/**
 * The language of a quoted `(( calc "..." ))` expression. spruce writes the value of every
 * dotted path into the text and hands it to govaluate; this module reads the text the same way:
 * numbers, `true`/`false`, parentheses, prefix `- ! ~`, `**`, `* / %`, `+ -`, `<< >>`,
 * `& | ^`, comparisons, `&&`, `||`, `c ? a : b`, and the functions `min max mod pow sqrt floor
 * ceil`, with govaluate's tokens, syntax checks, type checks and error texts. Strings, `in`,
 * `=~`, `??` and `[escaped names]` are not supported.
 *
 * Ints stay exact where govaluate would round them through float64 (graft): `+ - *` of ints, `/`
 * that divides evenly, `%` and `**` within int64 give exact ints; everything else is float64.
 * A whole-number result becomes an int.
 *
 * @module
 */

import { Float, formatFloat, GraftError, normalizeInt, type Value } from "../core/mod.ts";

/** A value inside a calc expression: an exact int (`bigint`), a float (`number`) or a boolean. */
export type CalcOperand = bigint | number | boolean;

/**
 * A quoted calc expression, read once: the paths and names it needs, then its value given
 * theirs. It never throws when read; {@link CalcExpression.evaluate} reports its errors in
 * spruce's order (syntax, then unknown names, then evaluation).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CalcOperand, CalcExpression, calcValue } from "./calc_expression.ts";
 *
 * const expression = new CalcExpression("floor(meta.mem / 32) + extra");
 * assert.deepEqual(expression.paths, ["meta.mem"]);
 * assert.deepEqual(expression.names, ["extra"]);
 * const values = new Map<string, CalcOperand>([["meta.mem", 100n], ["extra", 1n]]);
 * assert.equal(expression.evaluate(values), 4);
 * assert.equal(calcValue(4.0), 4); // a whole-number float becomes an int
 * ```
 */
export class CalcExpression {
  /** The dotted document paths written in it (spruce's pattern), in order, each once. */
  readonly paths: readonly string[];
  /** Its bare names (govaluate's variables), in order, each once; none when it does not parse. */
  readonly names: readonly string[];
  /** Every bare name as written, repeats included, as spruce lists them in its error. */
  readonly #variables: readonly string[];
  readonly #tree: CalcNode | GraftError;

  constructor(text: string) {
    const paths = pathsIn(text);
    this.paths = [...new Set(paths.values())];
    let variables: string[] = [];
    let tree: CalcNode | GraftError;
    try {
      const tokens = tokenize(text, paths);
      checkSyntax(tokens);
      variables = tokens.filter((t) => t.kind === "VARIABLE").map((t) => t.text);
      tree = new Parser(tokens).parse();
    } catch (error) {
      if (!(error instanceof GraftError)) throw error;
      tree = error;
    }
    this.#variables = variables;
    this.names = [...new Set(variables)];
    this.#tree = tree;
  }

  /**
   * The value of the expression, as a document value ({@link calcValue}).
   *
   * @param values the operand of every path in {@link paths} and of each name in {@link names}
   *   the document has; a name without one is an unknown variable
   * @throws {GraftError} the syntax error, `calc operator does not support named variables in
   *   expression: a, b`, or govaluate's type errors and the functions' argument errors
   */
  evaluate(values: ReadonlyMap<string, CalcOperand>): Value {
    if (this.#tree instanceof GraftError) throw this.#tree;
    const unknown = this.#variables.filter((name) => !values.has(name));
    if (unknown.length > 0) {
      fail(`calc operator does not support named variables in expression: ${unknown.join(", ")}`);
    }
    return calcValue(evaluate(this.#tree, values));
  }
}

/**
 * A calc result as a document value: a boolean as it is, an int exact within int64, a float
 * with a whole value within int64 as an int (graft), any other number as a float.
 */
export function calcValue(result: CalcOperand): Value {
  if (typeof result === "boolean") return result;
  if (typeof result === "bigint") {
    return result >= INT64_MIN && result <= INT64_MAX
      ? normalizeInt(result)
      : new Float(Number(result));
  }
  return Number.isInteger(result) && result >= -TWO_63 && result < TWO_63
    ? normalizeInt(BigInt(result))
    : new Float(result);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_63 = 2 ** 63;

function fail(message: string): never {
  throw new GraftError("eval", message);
}

// ---------------------------------------------------------------------------------------------
// Paths

/** spruce's path pattern: a word or `-`, a dot, then words, dashes and dots. */
const PATH_PATTERN = /(?:\w+|-)\.(?:\w+|-|\.)+/g;
/** The matches of {@link PATH_PATTERN} that Go's `ParseFloat` reads as a number instead. */
const FLOAT_PATTERN = /^-?(?:\d+\.\d*|\.\d+)(?:[eE]-?\d+)?$/;

/** The paths written in an expression, by start offset. */
function pathsIn(text: string): Map<number, string> {
  const paths = new Map<number, string>();
  for (const match of text.matchAll(PATH_PATTERN)) {
    if (!FLOAT_PATTERN.test(match[0])) paths.set(match.index, match[0]);
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Tokens (govaluate's lexer)

type Kind =
  | "UNKNOWN"
  | "NUMERIC"
  | "BOOLEAN"
  | "VARIABLE"
  | "FUNCTION"
  | "CLAUSE"
  | "CLAUSE_CLOSE"
  | "PREFIX"
  | "MODIFIER"
  | "COMPARATOR"
  | "LOGICALOP"
  | "TERNARY"
  | "SEPARATOR";

interface Token {
  readonly kind: Kind;
  /** The token as written; a path token's text is the path. */
  readonly text: string;
  /** A literal's value; absent for a path token (a NUMERIC whose value the document gives). */
  readonly value?: CalcOperand;
}

/** Which kinds may follow each kind, and whether an expression may end after it. */
const STATES: ReadonlyMap<Kind, { readonly next: ReadonlySet<Kind>; readonly end: boolean }> =
  (() => {
    const operand: Kind[] = ["PREFIX", "NUMERIC", "BOOLEAN", "VARIABLE", "FUNCTION", "CLAUSE"];
    const after: Kind[] = [
      "MODIFIER",
      "COMPARATOR",
      "LOGICALOP",
      "CLAUSE_CLOSE",
      "TERNARY",
      "SEPARATOR",
    ];
    const state = (end: boolean, ...next: Kind[]) => ({ next: new Set(next), end });
    return new Map([
      ["UNKNOWN", state(false, ...operand)],
      ["CLAUSE", state(false, ...operand, "CLAUSE_CLOSE")],
      ["CLAUSE_CLOSE", state(true, ...after, "NUMERIC", "BOOLEAN", "VARIABLE", "CLAUSE")],
      ["NUMERIC", state(true, ...after)],
      ["BOOLEAN", state(true, ...after)],
      ["VARIABLE", state(true, ...after)],
      ["MODIFIER", state(false, ...operand, "CLAUSE_CLOSE")],
      ["COMPARATOR", state(false, ...operand, "CLAUSE_CLOSE")],
      ["LOGICALOP", state(false, ...operand, "CLAUSE_CLOSE")],
      ["PREFIX", state(false, ...operand.slice(1), "CLAUSE_CLOSE")],
      ["TERNARY", state(false, ...operand, "SEPARATOR")],
      ["FUNCTION", state(false, "CLAUSE")],
      ["SEPARATOR", state(false, ...operand)],
    ]);
  })();

const PREFIXES: ReadonlySet<string> = new Set("- ! ~".split(" "));
const MODIFIERS: ReadonlySet<string> = new Set("+ - * / % ** & | ^ >> <<".split(" "));
const LOGICAL: ReadonlySet<string> = new Set("&& ||".split(" "));
const COMPARATORS: ReadonlySet<string> = new Set("== != > >= < <=".split(" "));
const TERNARIES: ReadonlySet<string> = new Set("? :".split(" "));

const DIGIT_OR_DOT = /[\d.]/;
const LETTER = /\p{L}/u;
const NAME_PART = /[\p{L}\d_]/u;
const SPACE = /\s/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)$/;

/**
 * govaluate's tokens, with each path as one NUMERIC token. A token never runs into a path: spruce
 * writes the path's value into the text before govaluate reads it.
 */
function tokenize(text: string, paths: ReadonlyMap<number, string>): Token[] {
  const tokens: Token[] = [];
  let state: Kind = "UNKNOWN";
  let i = 0;
  /** The end of the run from `start` of characters that pass `test`. */
  const run = (start: number, test: (c: string) => boolean) => {
    let end = start + 1;
    while (end < text.length && !paths.has(end) && test(text[end])) end++;
    return end;
  };
  while (i < text.length) {
    const path = paths.get(i);
    const c = text[i];
    let end = i + 1;
    let token: Token;
    if (path !== undefined) {
      token = { kind: "NUMERIC", text: path };
      end = i + path.length;
    } else if (SPACE.test(c)) {
      i++;
      continue;
    } else if (DIGIT_OR_DOT.test(c)) {
      end = run(i, (x) => DIGIT_OR_DOT.test(x));
      token = numberToken(text.slice(i, end));
    } else if (c === ",") {
      token = { kind: "SEPARATOR", text: c };
    } else if (LETTER.test(c)) {
      end = run(i, (x) => NAME_PART.test(x));
      token = wordToken(text.slice(i, end));
    } else if (c === "(" || c === ")") {
      token = { kind: c === "(" ? "CLAUSE" : "CLAUSE_CLOSE", text: c };
    } else {
      end = run(i, isSymbolPart);
      token = symbolToken(text.slice(i, end), state);
    }
    tokens.push(token);
    state = token.kind;
    i = end;
  }
  return tokens;
}

function numberToken(text: string): Token {
  if (!NUMBER.test(text)) fail(`Unable to parse numeric value '${text}' to float64`);
  return { kind: "NUMERIC", text, value: text.includes(".") ? Number(text) : BigInt(text) };
}

function wordToken(text: string): Token {
  if (text === "true" || text === "false") return { kind: "BOOLEAN", text, value: text === "true" };
  return { kind: FUNCTIONS.has(text) ? "FUNCTION" : "VARIABLE", text };
}

/** A symbol; `-` is a prefix where an operand is due (govaluate decides by the lexer state). */
function symbolToken(text: string, state: Kind): Token {
  if (PREFIXES.has(text) && STATES.get(state)!.next.has("PREFIX")) return { kind: "PREFIX", text };
  if (MODIFIERS.has(text)) return { kind: "MODIFIER", text };
  if (LOGICAL.has(text)) return { kind: "LOGICALOP", text };
  if (COMPARATORS.has(text)) return { kind: "COMPARATOR", text };
  if (TERNARIES.has(text)) return { kind: "TERNARY", text };
  fail(`Invalid token: '${text}'`);
}

function isSymbolPart(c: string): boolean {
  return !(NAME_PART.test(c) || SPACE.test(c) || "()'\"".includes(c));
}

/** govaluate's checks before planning: balanced parentheses, then each token may follow the last. */
function checkSyntax(tokens: readonly Token[]): void {
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "CLAUSE") depth++;
    else if (token.kind === "CLAUSE_CLOSE") depth--;
  }
  if (depth !== 0) fail("Unbalanced parenthesis");
  let last: Token | undefined;
  for (const token of tokens) {
    const from = last?.kind ?? "UNKNOWN";
    if (!STATES.get(from)!.next.has(token.kind)) {
      if (last?.kind === "VARIABLE" && token.kind === "CLAUSE") {
        fail(`Undefined function ${last.text}`);
      }
      fail(
        `Cannot transition token types from ${from} [${shown(last)}] to ${token.kind} [${
          shown(token)
        }]`,
      );
    }
    last = token;
  }
  if (!STATES.get(last?.kind ?? "UNKNOWN")!.end) fail("Unexpected end of expression");
}

/** A token as govaluate's `%v` prints its value: parentheses are runes, so numbers. */
function shown(token: Token | undefined): string {
  if (token === undefined) return "<nil>";
  if (token.kind === "CLAUSE" || token.kind === "CLAUSE_CLOSE") {
    return String(token.text.charCodeAt(0));
  }
  return token.value === undefined ? token.text : show(token.value);
}

/** govaluate's `%v` of a value: every number is a float64. */
function show(value: CalcOperand): string {
  return typeof value === "boolean" ? String(value) : formatFloat(Number(value));
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

type CalcNode =
  | { readonly kind: "value"; readonly value: CalcOperand }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "prefix"; readonly op: string; readonly operand: CalcNode }
  | {
    readonly kind: "binary";
    readonly op: string;
    readonly left: CalcNode;
    readonly right: CalcNode;
  }
  | {
    readonly kind: "ternary";
    readonly condition: CalcNode;
    readonly whenTrue: CalcNode;
    readonly whenFalse: CalcNode;
  }
  | { readonly kind: "function"; readonly name: string; readonly args: readonly CalcNode[] };

/** Binding strength of the infix operators, higher binds tighter (govaluate's levels). */
const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ["||", 1],
  ["&&", 2],
  ...[...COMPARATORS].map((op) => [op, 3] as const),
  ["&", 4],
  ["|", 4],
  ["^", 4],
  ["<<", 5],
  [">>", 5],
  ["+", 6],
  ["-", 6],
  ["*", 7],
  ["/", 7],
  ["%", 7],
  ["**", 8],
]);

const INFIX_KINDS: ReadonlySet<Kind | undefined> = new Set(["MODIFIER", "COMPARATOR", "LOGICALOP"]);

/**
 * Precedence climbing over tokens that passed {@link checkSyntax}. Infix operators are
 * left-associative, prefixes bind tightest (`-2 ** 2` is 4, as in govaluate), `c ? a : b`
 * binds loosest.
 */
class Parser {
  readonly #tokens: readonly Token[];
  #pos = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  parse(): CalcNode {
    const node = this.#ternary();
    if (this.#pos < this.#tokens.length) this.#unexpected();
    return node;
  }

  #ternary(): CalcNode {
    const condition = this.#infix(1);
    if (!this.#accept("?")) return condition;
    const whenTrue = this.#ternary();
    this.#expect(":");
    return { kind: "ternary", condition, whenTrue, whenFalse: this.#ternary() };
  }

  #infix(min: number): CalcNode {
    let left = this.#operand();
    for (;;) {
      const token = this.#tokens[this.#pos];
      const binding = INFIX_KINDS.has(token?.kind) ? PRECEDENCE.get(token.text)! : 0;
      if (binding < min) return left;
      this.#pos++;
      left = { kind: "binary", op: token.text, left, right: this.#infix(binding + 1) };
    }
  }

  #operand(): CalcNode {
    const token = this.#tokens[this.#pos++];
    switch (token?.kind) {
      case "PREFIX":
        return { kind: "prefix", op: token.text, operand: this.#operand() };
      case "NUMERIC":
      case "BOOLEAN":
      case "VARIABLE":
        return token.value === undefined
          ? { kind: "name", name: token.text }
          : { kind: "value", value: token.value };
      case "CLAUSE": {
        const node = this.#ternary();
        this.#expect(")");
        return node;
      }
      case "FUNCTION": {
        this.#expect("(");
        const args: CalcNode[] = [];
        if (!this.#accept(")")) {
          do args.push(this.#ternary()); while (this.#accept(","));
          this.#expect(")");
        }
        return { kind: "function", name: token.text, args };
      }
      default:
        this.#pos--;
        this.#unexpected();
    }
  }

  /** Consumes the next token if it is `text` (an operator, a parenthesis or a comma). */
  #accept(text: string): boolean {
    if (this.#tokens[this.#pos]?.text !== text) return false;
    this.#pos++;
    return true;
  }

  #expect(text: string): void {
    if (!this.#accept(text)) this.#unexpected();
  }

  #unexpected(): never {
    const token = this.#tokens[this.#pos];
    fail(token === undefined ? "Unexpected end of expression" : `Unexpected '${token.text}'`);
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation (govaluate's stages and type checks)

type Numeric = bigint | number;

function isNumeric(value: CalcOperand): value is Numeric {
  return typeof value !== "boolean";
}

/** The built-in functions: how many float64 arguments each takes, and what it computes. */
const FUNCTIONS: ReadonlyMap<string, { arity: 1 | 2; apply: (...args: number[]) => number }> =
  new Map([
    ["min", { arity: 2, apply: Math.min }],
    ["max", { arity: 2, apply: Math.max }],
    ["mod", { arity: 2, apply: (x: number, y: number) => x % y }],
    ["pow", { arity: 2, apply: goPow }],
    ["sqrt", { arity: 1, apply: Math.sqrt }],
    ["floor", { arity: 1, apply: Math.floor }],
    ["ceil", { arity: 1, apply: Math.ceil }],
  ]);

function evaluate(node: CalcNode, values: ReadonlyMap<string, CalcOperand>): CalcOperand {
  switch (node.kind) {
    case "value":
      return node.value;
    case "name": {
      const value = values.get(node.name);
      if (value === undefined) throw new Error(`calc: no value given for ${node.name}`);
      return value;
    }
    case "prefix":
      return prefix(node.op, evaluate(node.operand, values));
    case "binary":
      return binary(node.op, node.left, node.right, values);
    case "ternary": {
      const condition = evaluate(node.condition, values);
      if (typeof condition !== "boolean") {
        fail(
          `Value '${
            show(condition)
          }' cannot be used with the ternary operator '?', it is not a bool`,
        );
      }
      return evaluate(condition ? node.whenTrue : node.whenFalse, values);
    }
    case "function": {
      const fn = FUNCTIONS.get(node.name)!;
      const args = node.args.map((arg) => evaluate(arg, values));
      if (args.length !== fn.arity || !args.every(isNumeric)) {
        const count = fn.arity === 1 ? "one argument" : "two arguments";
        fail(`${node.name} function expects ${count} of type float64`);
      }
      return fn.apply(...args.map(Number));
    }
  }
}

function prefix(op: string, value: CalcOperand): CalcOperand {
  if (op === "!" ? typeof value !== "boolean" : !isNumeric(value)) {
    fail(`Value '${show(value)}' cannot be used with the prefix '${op}'`);
  }
  if (op === "!") return !value;
  return op === "-" ? -(value as Numeric) : ~toInt64(value as Numeric);
}

function binary(
  op: string,
  leftNode: CalcNode,
  rightNode: CalcNode,
  values: ReadonlyMap<string, CalcOperand>,
): CalcOperand {
  const left = evaluate(leftNode, values);
  if (op === "&&" || op === "||") {
    if (left === (op === "||")) return left; // short circuit, before any type check
    const right = evaluate(rightNode, values);
    for (const side of [left, right]) {
      if (typeof side !== "boolean") {
        fail(
          `Value '${
            show(side)
          }' cannot be used with the logical operator '${op}', it is not a bool`,
        );
      }
    }
    return right;
  }
  const right = evaluate(rightNode, values);
  if (op === "==" || op === "!=") return equal(left, right) === (op === "==");
  if (COMPARATORS.has(op)) {
    // Both sides are checked together; the message names the left one.
    if (!isNumeric(left) || !isNumeric(right)) {
      fail(`Value '${show(left)}' cannot be used with the comparator '${op}', it is not a number`);
    }
    return compare(op, left, right);
  }
  const bad = op === "+"
    ? (isNumeric(left) && isNumeric(right) ? undefined : left)
    : [left, right].find((side) => !isNumeric(side));
  if (bad !== undefined) {
    fail(`Value '${show(bad)}' cannot be used with the modifier '${op}', it is not a number`);
  }
  return arithmetic(op, left as Numeric, right as Numeric);
}

/** govaluate's `==`: numbers by value, booleans by value, a number never equals a boolean. */
function equal(a: CalcOperand, b: CalcOperand): boolean {
  if (isNumeric(a) && isNumeric(b)) return a <= b && a >= b;
  return a === b;
}

function compare(op: string, a: Numeric, b: Numeric): boolean {
  switch (op) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    default:
      return a >= b;
  }
}

function arithmetic(op: string, a: Numeric, b: Numeric): CalcOperand {
  const ints = typeof a === "bigint" && typeof b === "bigint";
  switch (op) {
    case "+":
      return ints ? a + b : Number(a) + Number(b);
    case "-":
      return ints ? a - b : Number(a) - Number(b);
    case "*":
      return ints ? a * b : Number(a) * Number(b);
    case "/":
      return ints && b !== 0n && a % b === 0n ? a / b : Number(a) / Number(b);
    case "%":
      return ints && b !== 0n ? a % b : Number(a) % Number(b);
    case "**":
      return ints && b >= 0n ? intPower(a, b) : goPow(Number(a), Number(b));
    case "&":
      return toInt64(a) & toInt64(b);
    case "|":
      return toInt64(a) | toInt64(b);
    case "^":
      return toInt64(a) ^ toInt64(b);
    default:
      return shift(op, BigInt.asUintN(64, toInt64(a)), BigInt.asUintN(64, toInt64(b)));
  }
}

/** `a ** b` of ints: exact within int64, else float64 as govaluate computes it. */
function intPower(a: bigint, b: bigint): Numeric {
  const approx = goPow(Number(a), Number(b));
  if (Math.abs(approx) >= TWO_63) return approx;
  return a >= -1n && a <= 1n ? BigInt(approx) : a ** b;
}

/** Go's `uint64 << n` and `uint64 >> n`: a shift by 64 or more gives 0. */
function shift(op: string, value: bigint, count: bigint): bigint {
  if (count >= 64n) return 0n;
  return op === "<<" ? BigInt.asUintN(64, value << count) : value >> count;
}

/** Go's `int64(x)`: truncated; out of range (or NaN) it is the minimum, as on amd64. */
function toInt64(value: Numeric): bigint {
  const int = typeof value === "bigint"
    ? value
    : Number.isFinite(value)
    ? BigInt(Math.trunc(value))
    : INT64_MIN;
  return int >= INT64_MIN && int <= INT64_MAX ? int : INT64_MIN;
}

/** Go's `math.Pow`, which differs from `**` in that `1 ** y` and `(-1) ** ±Inf` are 1. */
function goPow(x: number, y: number): number {
  return x === 1 || (x === -1 && Math.abs(y) === Infinity) ? 1 : x ** y;
}
