/**
 * `(( concat A B ... ))`: its arguments joined into one string.
 *
 * @module
 */

import { GraftError, isScalar, scalarText, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { type Node, render } from "../expr/mod.ts";

/**
 * The `concat` operator: at least two arguments, each written as Go's `%v` prints it (`1.3`,
 * `true`, `<nil>`) and joined with nothing between. A reference must name a scalar; a list
 * computed by a nested call or written as a literal contributes its entries (graft).
 *
 * @example
 * ```yaml
 * url: (( concat "https://" meta.host ":" meta.port ))
 * ```
 */
export const concat: Operator = {
  async run(call, context) {
    if (call.args.length < 2) {
      throw new GraftError("eval", "concat operator requires at least two arguments");
    }
    const values = await Promise.all(call.args.map((arg) => context.evaluate(arg)));
    return values.map((value, i) => piece(value, call.args[i])).join("");
  },
};

function piece(value: Value, node: Node): string {
  if (isScalar(value)) return scalarText(value);
  if (Array.isArray(value) && node.kind !== "ref" && value.every(isScalar)) {
    return value.map(scalarText).join("");
  }
  throw new GraftError("eval", `tried to concat ${render(node)}, which is not a string scalar`);
}
