/**
 * How spruce's Go code renders values inside its messages: `reflect.Kind` names, `%T` type names
 * and `%s` verbs, for the value model's types as go-yaml v2 decodes them.
 *
 * @module
 */

import { Expression, Float, formatFloat, type Value } from "../core/mod.ts";

const INT64_MAX = 0x7fffffffffffffffn;
const decoder = new TextDecoder();

/** The Go type go-yaml decodes a value to, as a short name (`int`, `float64`, `string`…). */
function goScalarType(value: Value): string {
  if (typeof value === "string" || value instanceof Expression) return "string";
  if (typeof value === "number") return "int";
  if (typeof value === "bigint") return value > INT64_MAX ? "uint64" : "int";
  if (value instanceof Float) return "float64";
  if (typeof value === "boolean") return "bool";
  return "string"; // !!binary decodes to a string
}

/** Go's `reflect.Kind` name: `map`, `slice`, `string`, `int`, `float64`, `bool`. */
export function goKind(value: Value): string {
  if (value instanceof Map) return "map";
  if (Array.isArray(value)) return "slice";
  return goScalarType(value);
}

/** Go's `%T`: `map[interface {}]interface {}`, `[]interface {}`, `<nil>`, `int`… */
export function goType(value: Value): string {
  if (value === null) return "<nil>";
  if (value instanceof Map) return "map[interface {}]interface {}";
  if (Array.isArray(value)) return "[]interface {}";
  return goScalarType(value);
}

/** Go's `%s` of a decoded scalar: strings as they are, anything else as `%!s(int=5)`. */
export function goString(value: Value): string {
  if (typeof value === "string") return value;
  if (value instanceof Expression) return value.source;
  if (value instanceof Uint8Array) return decoder.decode(value);
  if (value === null) return "%!s(<nil>)";
  const text = value instanceof Float ? formatFloat(value.value) : String(value);
  return `%!s(${goType(value)}=${text})`;
}
