/**
 * `(( negate X ))`: the boolean opposite of a value.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";
import { type Operator, truthy } from "../eval/mod.ts";

/**
 * The `negate` operator: `true` when its one argument is falsy (null, `false`, `0`, `0.0`, `""`,
 * `[]`, `{}`), else `false`; on booleans, spruce's negation.
 *
 * @example
 * ```yaml
 * disabled: (( negate features.enabled ))
 * ```
 */
export const negate: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError("eval", "negate operator requires exactly one reference argument");
    }
    return !truthy(await context.evaluate(call.args[0]));
  },
};
