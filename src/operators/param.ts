/**
 * `(( param "message" ))`: a value a later document must supply. A param still standing when
 * evaluation starts fails with its message, and any such failure stops the run before the eval
 * phase.
 *
 * @module
 */

import { GraftError, isScalar, scalarText, typeName } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `param` operator: always fails with its argument (a string, or the value a reference
 * names) as the message.
 *
 * @example
 * ```yaml
 * networks: (( param "Please specify networks!" ))
 * ```
 */
export const param: Operator = {
  phase: "param",
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError("eval", "param operator requires exactly one argument");
    }
    let message;
    try {
      message = await context.evaluate(call.args[0]);
    } catch (error) {
      if (!(error instanceof GraftError)) throw error;
      throw new GraftError("eval", `failed to evaluate param argument: ${error.message}`);
    }
    if (!isScalar(message)) {
      throw new GraftError("eval", `param message must be a scalar, not a ${typeName(message)}`);
    }
    throw new GraftError("eval", scalarText(message));
  },
};
