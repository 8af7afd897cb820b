/**
 * `(( stringify X ))`: a value as YAML text.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { emitYaml } from "../yaml/mod.ts";

/**
 * The `stringify` operator: the YAML document of its one argument, as spruce marshals it (keys
 * sorted, a trailing newline; a scalar too, so `foo` gives `"foo\n"`). Multi-line results are
 * emitted as `|` blocks.
 *
 * @example
 * ```yaml
 * config: (( stringify meta.config ))
 * ```
 */
export const stringify: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError("eval", "stringify operator requires exactly one reference argument");
    }
    return emitYaml(await context.evaluate(call.args[0]));
  },
};
