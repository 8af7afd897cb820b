/**
 * `(( type X ))` (graft): the type of a value, by name.
 *
 * @module
 */

import { GraftError, typeName, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `type` operator: `string`, `int`, `float`, `bool`, `array`, `map` or `null` for its one
 * argument (binary data counts as a string).
 *
 * @example
 * ```yaml
 * kind: (( type meta.port ))   # int
 * ```
 */
export const typeOperator: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError(
        "eval",
        `type operator requires exactly one argument, got ${call.args.length}`,
      );
    }
    return graftType(await context.evaluate(call.args[0]));
  },
};

function graftType(value: Value): string {
  const name = typeName(value);
  return name === "list" ? "array" : name === "binary" ? "string" : name;
}
