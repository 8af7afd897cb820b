/**
 * `(( cartesian-product A B ... ))` (also `cartesian`): every combination of the arguments'
 * values, joined into strings.
 *
 * @module
 */

import { GraftError, scalarText, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `cartesian-product` operator. Each argument is a scalar or a list of scalars; the result is
 * the list of every concatenation of one value of each argument, the first argument varying
 * slowest. Values print as Go's `%v` (null as `<nil>`).
 *
 * @example
 * ```yaml
 * hosts: [a, b]
 * urls: (( cartesian-product "https://" hosts ":443" ))  # [https://a:443, https://b:443]
 * ```
 */
export const cartesianProduct: Operator = {
  async run(call, context) {
    let product: string[] | undefined;
    for (const arg of call.args) {
      const texts = textsOf(await context.evaluate(arg));
      product = product === undefined ? texts : product.flatMap((a) => texts.map((b) => a + b));
    }
    if (product === undefined) {
      throw new GraftError("eval", "no arguments specified to (( cartesian-product ... ))");
    }
    return product;
  },
};

/** An argument's values as text: a scalar's one, or a list's each. */
function textsOf(value: Value): string[] {
  if (value instanceof Map) {
    throw new GraftError(
      "eval",
      "cartesian-product operator only accepts arrays and string values",
    );
  }
  if (!Array.isArray(value)) return [scalarText(value)];
  return value.map((item) => {
    if (item instanceof Map || Array.isArray(item)) {
      throw new GraftError(
        "eval",
        "cartesian-product operator can only operate on lists of scalar values",
      );
    }
    return scalarText(item);
  });
}
