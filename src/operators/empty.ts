/**
 * `(( empty TYPE ))` and `(( empty X ))`: an empty value of a type, or whether a value is empty.
 *
 * @module
 */

import { GraftError, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import type { Node } from "../expr/mod.ts";

/** The empty value each type word builds. */
const EMPTY: ReadonlyMap<string, () => Value> = new Map<string, () => Value>([
  ["hash", () => new Map()],
  ["map", () => new Map()],
  ["array", () => []],
  ["list", () => []],
  ["string", () => ""],
]);

/**
 * The `empty` operator. A type word, written bare or quoted (`hash`/`map`, `array`/`list`,
 * `string`), builds an empty value of that type (spruce). Any other argument is evaluated, and
 * the result says whether its value is empty: null, `""`, `[]` or `{}` (graft). A value that
 * merely holds a type word is a value like any other.
 *
 * @example
 * ```yaml
 * jobs:   (( empty array ))     # []
 * unset:  (( empty meta.tags )) # true or false
 * ```
 */
export const empty: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError(
        "eval",
        `empty operator expects 1 argument, received ${call.args.length}`,
      );
    }
    const [arg] = call.args;
    const build = EMPTY.get(typeWord(arg) ?? "");
    if (build) return build();
    return isEmpty(await context.evaluate(arg));
  },
};

/** The text of a quoted string or a one-segment bare reference, which may name a type. */
function typeWord(node: Node): string | undefined {
  if (node.kind === "literal") return typeof node.value === "string" ? node.value : undefined;
  if (node.kind === "ref" && node.path.length === 1) return node.text;
  return undefined;
}

function isEmpty(value: Value): boolean {
  if (value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return value instanceof Map && value.size === 0;
}
