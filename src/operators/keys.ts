/**
 * `(( keys MAP ... ))`: the keys of maps, as one sorted list.
 *
 * @module
 */

import { GraftError, scalarText } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { render } from "../expr/mod.ts";

/**
 * The `keys` operator: the keys of every map its arguments name, together, sorted (duplicates
 * kept). Literal arguments are refused; anything else must give a map.
 *
 * @example
 * ```yaml
 * names: (( keys meta.users ))
 * ```
 */
export const keys: Operator = {
  async run(call, context) {
    if (call.args.length === 0) {
      throw new GraftError("eval", "no arguments specified to (( keys ... ))");
    }
    if (call.args.some((arg) => arg.kind === "literal" || arg.kind === "env")) {
      throw new GraftError("eval", "keys operator only accepts key reference arguments");
    }
    const values = await Promise.all(call.args.map((arg) => context.evaluate(arg)));
    return values.flatMap((value, i) => {
      if (value instanceof Map) return [...value.keys()].map(scalarText);
      throw new GraftError("eval", `${render(call.args[i])} is not a map`);
    }).sort();
  },
};
