/**
 * `(( flatten LIST ))`: a list with every nested list spliced in, however deep.
 *
 * @module
 */

import { GraftError, typeName, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `flatten` operator: exactly one argument, a list. Nested lists are replaced by their
 * entries at any depth (an empty one vanishes); maps and nulls stay entries.
 *
 * @example
 * ```yaml
 * all: (( flatten meta.groups ))  # [[a, b], [c, [d]]] → [a, b, c, d]
 * ```
 */
export const flatten: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError(
        "eval",
        `flatten operator requires exactly one argument, got ${call.args.length}`,
      );
    }
    const list = await context.evaluate(call.args[0]);
    if (!Array.isArray(list)) {
      throw new GraftError(
        "eval",
        `flatten operator requires a list argument, got ${typeName(list)}`,
      );
    }
    return flattenInto([], list);
  },
};

function flattenInto(flat: Value[], list: Value[]): Value[] {
  for (const item of list) {
    if (Array.isArray(item)) flattenInto(flat, item);
    else flat.push(item);
  }
  return flat;
}
