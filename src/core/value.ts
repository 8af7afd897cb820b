/**
 * The value model shared by every stage.
 *
 * - maps are `Map`s (keys keep input order; output sorts them unless asked not to);
 * - ints are `number` when they fit a safe integer and `bigint` otherwise (64-bit ints survive);
 * - floats are {@link Float} boxes, so `1` (int) and `1.0` (float) stay distinct;
 * - unevaluated `(( ... ))` scalars are {@link Expression}s carrying their source origin;
 * - everything else is a plain `string`, `boolean`, `null` or array.
 *
 * @module
 */

import type { Origin } from "./origin.ts";

/** A YAML float (Go float64). Boxed so that ints and floats stay distinct. */
export class Float {
  constructor(readonly value: number) {}
}

/** An unevaluated `(( ... ))` scalar as written in a document. */
export class Expression {
  /**
   * @param source the full scalar text, `(( ... ))` included, on one line
   * @param origin where the expression starts in its file, when known
   */
  constructor(readonly source: string, readonly origin?: Origin) {}
}

/** A map key. Float keys are stored as plain numbers (rare, and they sort by value alike). */
export type Key = string | number | bigint | boolean | null;

/** A YAML mapping. */
export type YamlMap = Map<Key, Value>;

/** Any value of a document. */
export type Value =
  | string
  | number
  | bigint
  | boolean
  | null
  | Float
  | Expression
  | Uint8Array
  | Value[]
  | YamlMap;

/** True for a YAML mapping. */
export function isMap(value: unknown): value is YamlMap {
  return value instanceof Map;
}

/** True for an int (safe-integer `number` or `bigint`). */
export function isInt(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

/** True for an int or a float. */
export function isNumeric(value: unknown): value is number | bigint | Float {
  return isInt(value) || value instanceof Float;
}

/** The numeric value of an int or float as a JS number (bigints may lose precision). */
export function toNumber(value: number | bigint | Float): number {
  return value instanceof Float ? value.value : Number(value);
}

/** An int from a bigint, as a `number` when it fits a safe integer. */
export function normalizeInt(value: bigint): number | bigint {
  return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER
    ? Number(value)
    : value;
}

/** True for any value that is neither a map nor a list. */
export function isScalar(value: Value): boolean {
  return !(value instanceof Map) && !Array.isArray(value);
}

/** The spruce/graft type name of a value: map, list, string, int, float, bool or null. */
export function typeName(value: Value): string {
  if (value === null) return "null";
  if (value instanceof Map) return "map";
  if (Array.isArray(value)) return "list";
  if (value instanceof Float) return "float";
  if (value instanceof Expression) return "string";
  if (value instanceof Uint8Array) return "binary";
  switch (typeof value) {
    case "number":
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    default:
      return "string";
  }
}

/** A deep copy of maps and lists; scalars (immutable) are shared. */
export function deepCopy<T extends Value>(value: T): T {
  if (value instanceof Map) {
    const copy: YamlMap = new Map();
    for (const [k, v] of value as YamlMap) copy.set(k, deepCopy(v));
    return copy as T;
  }
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  return value;
}

/** Whether an {@link Expression} is anywhere in a value (it stops at the first one). */
export function containsExpression(value: Value): boolean {
  if (value instanceof Expression) return true;
  if (value instanceof Map) {
    for (const entry of value.values()) if (containsExpression(entry)) return true;
    return false;
  }
  return Array.isArray(value) && value.some(containsExpression);
}

/** Structural equality: same types (int vs float distinct), same keys and entries. */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof Float) return b instanceof Float && Object.is(a.value, b.value);
  if (a instanceof Expression) return b instanceof Expression && a.source === b.source;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !deepEqual(v, b.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return false;
}

/** Go's `%v` rendering of a scalar (used for stringifying keys and values as spruce does). */
export function scalarText(value: Value): string {
  if (value === null) return "<nil>";
  if (value instanceof Float) return formatFloat(value.value);
  if (value instanceof Expression) return value.source;
  return String(value);
}

/**
 * Go `strconv.FormatFloat(f, 'g', -1, 64)` (also Go's `%v`): the shortest digits that round-trip,
 * in exponent form `d.ddde±XX` when the decimal exponent is < -4 or >= 6.
 */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa, expText] = f.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}
