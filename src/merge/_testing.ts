/**
 * Test helpers: documents written as plain literals.
 *
 * @module
 */

import { Expression, type Key, type Value, type YamlMap } from "../core/mod.ts";

/**
 * A value from a literal: objects become maps, strings holding `(( … ))` become expressions
 * (as the loader makes them), everything else stays as is.
 */
export function v(literal: unknown): Value {
  if (Array.isArray(literal)) return literal.map(v);
  if (literal instanceof Map || literal instanceof Expression) return literal as Value;
  if (literal !== null && typeof literal === "object") {
    const map: YamlMap = new Map<Key, Value>();
    for (const [key, value] of Object.entries(literal)) map.set(key, v(value));
    return map;
  }
  if (typeof literal === "string" && /^\s*\(\(.*\)\)\s*$/s.test(literal)) {
    return new Expression(literal);
  }
  return literal as Value;
}

/** A map from a literal. */
export function m(literal: Record<string, unknown>): YamlMap {
  return v(literal) as YamlMap;
}
