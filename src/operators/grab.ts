/**
 * `(( grab REF ... ))`: the value a reference names; several arguments make one list.
 *
 * @module
 */

import { GraftError, parsePath, type Value } from "../core/mod.ts";
import type { CallContext, Operator } from "../eval/mod.ts";
import type { Node } from "../expr/mod.ts";

/**
 * The `grab` operator. One argument gives its value as it is (null included); several give one
 * list, the lists among them spliced in. An argument that is a nested call giving a string names
 * a path, which is grabbed in turn (graft); inside a `||` fallback the value is taken as it is,
 * so `grab a || grab b` falls back to the value of `b`.
 *
 * @example
 * ```yaml
 * servers: (( grab jobs.web.static_ips ))
 * all:     (( grab web.ips db.ips ))                 # one list
 * size:    (( grab (concat "sizes." env) ))          # the value at sizes.<env>
 * ```
 */
export const grab: Operator = {
  async run(call, context) {
    if (call.args.length === 0) {
      throw new GraftError("eval", "no arguments specified to (( grab ... ))");
    }
    const values = await Promise.all(call.args.map((arg) => grabArgument(arg, context)));
    return values.length === 1 ? values[0] : values.flatMap((v) => Array.isArray(v) ? v : [v]);
  },
};

/** An argument's value; a nested call's string result is a path, read in turn. */
async function grabArgument(node: Node, context: CallContext): Promise<Value> {
  const value = await context.evaluate(node);
  if (node.kind !== "call" || typeof value !== "string") return value;
  const path = parsePath(value);
  if (path.length === 0) throw new GraftError("eval", `Unable to resolve \`${value}\`: empty path`);
  return await context.resolve({
    kind: "ref",
    path,
    text: value,
    start: node.start,
    end: node.end,
  });
}
