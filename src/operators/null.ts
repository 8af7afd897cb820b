/**
 * `(( null ))` and `(( null X ))` (graft): null, or whether a value is null.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `null` operator: with no argument, null; with one, whether its value is null.
 *
 * @example
 * ```yaml
 * cleared: (( null ))
 * unset:   (( null meta.password ))   # true or false
 * ```
 */
export const nullOperator: Operator = {
  async run(call, context) {
    if (call.args.length > 1) {
      throw new GraftError("eval", "null operator takes at most one argument");
    }
    return call.args.length === 0 ? null : await context.evaluate(call.args[0]) === null;
  },
};
