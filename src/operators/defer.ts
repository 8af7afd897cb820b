/**
 * `(( defer ... ))`: leaves an expression for a later run, printing its arguments back as
 * `(( ... ))` text.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { renderArguments } from "../expr/mod.ts";

/**
 * The `defer` operator: the text `(( ARGS ))`, its arguments rendered from the syntax tree
 * (strings double-quoted, nested calls in parentheses). Its references are not read, so they
 * are no dependencies.
 *
 * @example
 * ```yaml
 * foo: (( defer grab this || "that" ))   # foo: (( grab this || "that" ))
 * ```
 */
export const defer: Operator = {
  readsArguments: false,
  run(call) {
    if (call.args.length === 0) {
      throw new GraftError("eval", "Defer has no arguments - what are you deferring?");
    }
    return `(( ${renderArguments(call.args)} ))`;
  },
};
