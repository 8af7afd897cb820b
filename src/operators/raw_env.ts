/**
 * `(( raw_env $NAME ))`: an environment variable's text exactly as set, never typed as YAML.
 *
 * @module
 */

import { GraftError, isRecoverable, type Value } from "../core/mod.ts";
import type { CallContext, Operator } from "../eval/mod.ts";
import type { Node } from "../expr/mod.ts";

/**
 * The `raw_env` operator: one `$NAME` argument, optionally with `||` fallbacks. A set variable
 * gives its text (empty included); an unset one falls back, or fails with
 * `environment variable $NAME is not set`. Fallbacks that are not variables evaluate as usual.
 *
 * @example
 * ```yaml
 * # With VERSION=1.10: the string "1.10", where `(( grab $VERSION ))` gives the float 1.1.
 * version: (( raw_env $VERSION || "0.0" ))
 * ```
 */
export const rawEnv: Operator = {
  run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError("eval", "raw_env operator requires exactly one argument");
    }
    let leftmost = call.args[0];
    while (leftmost.kind === "or") leftmost = leftmost.left;
    if (leftmost.kind !== "env") {
      throw new GraftError("eval", "raw_env operator only accepts environment variable arguments");
    }
    return rawValue(call.args[0], context);
  },
};

/** An argument with its variables read as raw text. */
async function rawValue(node: Node, context: CallContext): Promise<Value> {
  switch (node.kind) {
    case "env": {
      const value = context.settings.env(node.name);
      if (value === undefined) {
        throw new GraftError("eval", `environment variable $${node.name} is not set`);
      }
      return value;
    }
    case "or":
      try {
        return await rawValue(node.left, context);
      } catch (error) {
        if (isRecoverable(error)) return await rawValue(node.right, context);
        throw error;
      }
    default:
      return await context.evaluate(node);
  }
}
