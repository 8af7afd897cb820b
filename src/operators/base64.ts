/**
 * `(( base64 S ))`: a string in standard base64.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";
import type { CallContext, Operator } from "../eval/mod.ts";
import { type CallNode, render } from "../expr/mod.ts";

/**
 * The `base64` operator: the standard, padded base64 of its one argument's UTF-8 bytes (of the
 * bytes themselves for `!!binary` data). Anything but a string is refused, null included.
 *
 * @example
 * ```yaml
 * token: (( base64 meta.password ))
 * ```
 */
export const base64: Operator = {
  async run(call, context) {
    const bytes = await bytesArgument(call, context, "base64 encode");
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  },
};

/**
 * The bytes of the one argument of `base64` or `base64-decode`: a string's UTF-8, or binary
 * data as it is.
 *
 * @param action what the operator does, for messages: `base64 encode`, `base64 decode`
 * @throws {GraftError} spruce's messages for a wrong argument count or a value of another type
 */
export async function bytesArgument(
  call: CallNode,
  context: CallContext,
  action: string,
): Promise<Uint8Array> {
  if (call.args.length !== 1) {
    throw new GraftError(
      "eval",
      `${call.name} operator requires exactly one string or reference argument`,
    );
  }
  const value = await context.evaluate(call.args[0]);
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return value;
  throw new GraftError(
    "eval",
    `tried to ${action} ${render(call.args[0])}, which is not a string scalar`,
  );
}
