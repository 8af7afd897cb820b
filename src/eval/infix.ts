/**
 * The infix and prefix operators of the expression language (`+ - * / %`, comparisons, `&&`,
 * `!`), with graft's typing rules: ints stay ints, any float makes a float, `/` always gives a
 * float, `+` joins strings and lists and merges maps, `==` compares loosely.
 *
 * @module
 */

import {
  deepEqual,
  Float,
  GraftError,
  isInt,
  isNumeric,
  normalizeInt,
  scalarText,
  toNumber,
  typeName,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import type { BinaryOperator } from "../expr/mod.ts";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The longest string or list that `*` may build by repetition. */
const MAX_REPEAT_LENGTH = 1 << 20;

function fail(message: string): never {
  throw new GraftError("eval", message);
}

/** spruce's truthiness: null, false, 0, 0.0, "", [] and {} are false. */
export function truthy(value: Value): boolean {
  if (value === null || value === false || value === "") return false;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  if (value instanceof Float) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  return true;
}

/** An int result of int arithmetic: exact, as a bigint beyond the safe range, a float beyond int64. */
function intResult(value: bigint): Value {
  return value < INT64_MIN || value > INT64_MAX ? new Float(Number(value)) : normalizeInt(value);
}

function intArithmetic(op: "+" | "-" | "*" | "%", a: number | bigint, b: number | bigint): Value {
  if (typeof a === "number" && typeof b === "number") {
    const result = op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : a % b;
    if (Number.isSafeInteger(result)) return result === 0 ? 0 : result;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  return intResult(op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x % y);
}

function numeric(
  op: BinaryOperator,
  a: number | bigint | Float,
  b: number | bigint | Float,
): Value {
  if (op === "/" || op === "%") {
    if (toNumber(b) === 0) fail("division by zero");
  }
  if (op === "/") return new Float(toNumber(a) / toNumber(b));
  if (isInt(a) && isInt(b)) return intArithmetic(op as "+" | "-" | "*" | "%", a, b);
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case "+":
      return new Float(x + y);
    case "-":
      return new Float(x - y);
    case "*":
      return new Float(x * y);
    default:
      return new Float(x % y);
  }
}

function repeat<T>(items: T[], times: Value, what: string): T[] {
  if (!isInt(times) || times < 0) fail(`cannot repeat a ${what} ${scalarText(times)} times`);
  const count = Number(times);
  if (items.length * count > MAX_REPEAT_LENGTH) {
    fail(`repeating a ${what} ${count} times exceeds the limit of ${MAX_REPEAT_LENGTH}`);
  }
  const result: T[] = [];
  for (let i = 0; i < count; i++) result.push(...items);
  return result;
}

/** `a + b`, `a - b`, `a * b`, `a / b`, `a % b`. */
function arithmetic(op: BinaryOperator, a: Value, b: Value): Value {
  if (isNumeric(a) && isNumeric(b)) return numeric(op, a, b);
  if (op === "/" && b === null) fail("division by null");
  if (a === null && (op === "+" || op === "-")) {
    return op === "+"
      ? b
      : isNumeric(b)
      ? numeric("-", 0, b)
      : fail(`cannot negate a ${typeName(b)}`);
  }
  if (b === null && (op === "+" || op === "-")) return a;
  if ((a === null || b === null) && op === "*") return null;
  if (op === "+") {
    if (typeof a === "string" || typeof b === "string") return text(a) + text(b);
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (a instanceof Map && b instanceof Map) return new Map([...a, ...b]) as YamlMap;
  }
  if (op === "*") {
    if (typeof a === "string") return repeat([a], b, "string").join("");
    if (Array.isArray(a)) return repeat(a, b, "list");
  }
  fail(`cannot apply ${op} to a ${typeName(a)} and a ${typeName(b)}`);
}

function text(value: Value): string {
  if (value instanceof Map || Array.isArray(value)) {
    fail(`cannot join a ${typeName(value)} to a string`);
  }
  return value === null ? "" : scalarText(value);
}

/** A number for loose comparison: numbers, numeric strings and booleans (as 0/1). */
function looseNumber(value: Value): number | undefined {
  if (isNumeric(value)) return toNumber(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

/** Loose equality: numbers and numeric strings by value, other scalars by text, data deeply. */
export function looseEqual(a: Value, b: Value): boolean {
  if (a instanceof Map || b instanceof Map || Array.isArray(a) || Array.isArray(b)) {
    return deepEqual(a, b);
  }
  if (a === null || b === null) return a === b;
  const x = looseNumber(a);
  const y = looseNumber(b);
  if (x !== undefined && y !== undefined && (isNumeric(a) || isNumeric(b))) return x === y;
  return scalarText(a) === scalarText(b);
}

function order(op: "<" | ">" | "<=" | ">=", a: Value, b: Value): boolean {
  let cmp: number;
  if (isNumeric(a) && isNumeric(b)) {
    cmp = isInt(a) && isInt(b)
      ? (a < b ? -1 : a > b ? 1 : 0)
      : Math.sign(toNumber(a) - toNumber(b));
  } else if (typeof a === "string" && typeof b === "string") {
    cmp = a < b ? -1 : a > b ? 1 : 0;
  } else {
    fail(`cannot compare a ${typeName(a)} with a ${typeName(b)}`);
  }
  switch (op) {
    case "<":
      return cmp < 0;
    case ">":
      return cmp > 0;
    case "<=":
      return cmp <= 0;
    default:
      return cmp >= 0;
  }
}

/** Applies an infix operator other than `&&` (which short-circuits, see the evaluator). */
export function applyBinary(op: Exclude<BinaryOperator, "&&">, a: Value, b: Value): Value {
  switch (op) {
    case "==":
      return looseEqual(a, b);
    case "!=":
      return !looseEqual(a, b);
    case "<":
    case ">":
    case "<=":
    case ">=":
      return order(op, a, b);
    default:
      return arithmetic(op, a, b);
  }
}

/** `!x` (not, by truthiness) and `-x` (negation of a number). */
export function applyUnary(op: "!" | "-", value: Value): Value {
  if (op === "!") return !truthy(value);
  if (isNumeric(value)) return numeric("-", 0, value);
  fail(`cannot negate a ${typeName(value)}`);
}
