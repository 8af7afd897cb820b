/**
 * The `||` that ends a backend call's arguments: `(( nats "kv:b/k" || "default" ))`. The parser
 * attaches `||` to the last argument; for a backend read it stands for the whole call.
 *
 * @module
 */

import { isRecoverable, type Value } from "../core/mod.ts";
import type { CallContext } from "../eval/mod.ts";
import type { CallNode, Node } from "../expr/mod.ts";

/**
 * Reads with the call's arguments (the `||` alternative taken off the last one); when the read
 * fails with anything but a fatal error (a connection or authentication failure), the
 * alternative's value is the result.
 */
export async function readOrFallBack(
  call: CallNode,
  context: CallContext,
  read: (args: readonly Node[]) => Promise<Value>,
): Promise<Value> {
  const last = call.args[call.args.length - 1];
  if (last?.kind !== "or") return await read(call.args);
  try {
    return await read([...call.args.slice(0, -1), last.left]);
  } catch (error) {
    if (isRecoverable(error)) return await context.evaluate(last.right);
    throw error;
  }
}
