/**
 * `(( uniq LIST ))`: a list without its repeated entries.
 *
 * @module
 */

import { deepEqual, GraftError, typeName, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `uniq` operator: exactly one argument, a list. Keeps the first of equal entries, in order.
 * Entries are equal when their types and values are (`1`, `1.0` and `"1"` all differ; maps and
 * lists compare by content).
 *
 * @example
 * ```yaml
 * zones: (( uniq meta.zones ))  # [z1, z2, z1] → [z1, z2]
 * ```
 */
export const uniq: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError(
        "eval",
        `uniq operator requires exactly one argument, got ${call.args.length}`,
      );
    }
    const list = await context.evaluate(call.args[0]);
    if (!Array.isArray(list)) {
      throw new GraftError("eval", `uniq operator requires a list argument, got ${typeName(list)}`);
    }
    return distinct(list);
  },
};

/** The first of each set of deep-equal entries, in order. */
function distinct(list: Value[]): Value[] {
  // Strings, ints, booleans and null are told apart by a Set; only the rest need deepEqual.
  const seen = new Set<Value>();
  const kept: Value[] = [];
  const structured: Value[] = [];
  for (const item of list) {
    if (item === null || typeof item !== "object") {
      if (seen.has(item)) continue;
      seen.add(item);
    } else {
      if (structured.some((other) => deepEqual(other, item))) continue;
      structured.push(item);
    }
    kept.push(item);
  }
  return kept;
}
