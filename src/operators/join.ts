/**
 * `(( join "SEP" A ... ))`: scalars and list entries joined into one string.
 *
 * @module
 */

import { GraftError, isScalar, scalarText, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `join` operator. The separator is a literal (or an environment variable); each further
 * argument is a scalar, a list of scalars (each entry joined), or a map (its `key:value` pairs,
 * sorted by key: graft). Scalars are written as Go's `%v` prints them.
 *
 * @example
 * ```yaml
 * hosts: (( join "," meta.hosts "localhost" ))   # a,b,localhost
 * ```
 */
export const join: Operator = {
  async run(call, context) {
    if (call.args.length === 0) {
      throw new GraftError("eval", "no arguments specified to (( join ... ))");
    }
    if (call.args.length === 1) {
      throw new GraftError("eval", "too few arguments supplied to (( join ... ))");
    }
    const [first, ...rest] = call.args;
    const separator = first.kind === "literal" || first.kind === "env"
      ? await context.evaluate(first)
      : undefined;
    if (separator === undefined || separator === null || !isScalar(separator)) {
      throw new GraftError("eval", "join operator only accepts literal argument for the separator");
    }
    const values = await Promise.all(rest.map((arg) => context.evaluate(arg)));
    return values.flatMap(pieces).join(scalarText(separator));
  },
};

function pieces(value: Value): string[] {
  if (Array.isArray(value)) {
    return value.map((entry, i) => {
      if (isScalar(entry)) return scalarText(entry);
      throw new GraftError("eval", `entry #${i} in list is not compatible for (( join ... ))`);
    });
  }
  if (value instanceof Map) {
    const entries = [...value].map(([key, entry]) => [scalarText(key), entry] as const);
    entries.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return entries.map(([key, entry]) => {
      if (isScalar(entry)) return `${key}:${scalarText(entry)}`;
      throw new GraftError("eval", `entry ${key} in map is not compatible for (( join ... ))`);
    });
  }
  return [scalarText(value)];
}
