/**
 * `KEY: (( inject MAP... ))`, conventionally `<<<: (( inject meta.template ))`: merges maps into
 * the map holding the call, in the merge phase, before anything else is evaluated.
 *
 * @module
 */

import { GraftError, type YamlMap } from "../core/mod.ts";
import { Injection, type Operator } from "../eval/mod.ts";
import { render } from "../expr/mod.ts";
import { mergeValues } from "../merge/mod.ts";

/**
 * The `inject` operator: each argument names a map; they are merged in order into a fresh copy,
 * which the evaluator merges under the keys of the map holding the call (those keys win), in
 * place of the call's own key. Expressions in the copy are evaluated where they land.
 *
 * @example
 * ```yaml
 * meta:
 *   job: { instances: 1, vm_type: small }
 * web:
 *   <<<: (( inject meta.job ))
 *   instances: 3            # web: { instances: 3, vm_type: small }
 * ```
 */
export const inject: Operator = {
  phase: "merge",
  async run(call, context) {
    if (call.args.length === 0) {
      throw new GraftError("eval", "no arguments specified to (( inject ... ))");
    }
    if (typeof context.path.at(-1) === "number") {
      throw new GraftError("eval", "(( inject ... )) must be the value of a map key");
    }
    let merged: YamlMap = new Map();
    for (const arg of call.args) {
      if (arg.kind === "literal" || arg.kind === "env") {
        throw new GraftError("eval", "inject operator only accepts key reference arguments");
      }
      const value = await context.evaluate(arg);
      if (!(value instanceof Map)) {
        throw new GraftError("eval", `${arg.kind === "ref" ? arg.text : render(arg)} is not a map`);
      }
      merged = mergeValues(merged, value, {
        arrayMergeKey: context.settings.arrayMergeKey,
      }).value as YamlMap;
    }
    return new Injection(merged);
  },
};
