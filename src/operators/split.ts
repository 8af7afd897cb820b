/**
 * `(( split "SEP" STRING ))`: a string cut into a list of strings.
 *
 * @module
 */

import { GraftError, scalarText, typeName } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `split` operator: a literal separator, then the value to split (a scalar, printed as Go's
 * `%v`). The separator `""` splits into characters; one written `/REGEX/` (or `/REGEX`) splits
 * where the regular expression matches. Empty pieces are kept.
 *
 * @example
 * ```yaml
 * hosts: (( split "," meta.csv ))             # "a,b,,c" → [a, b, "", c]
 * words: (( split "/[,;] ?/" meta.list ))   # "a, b;c" → [a, b, c]
 * ```
 */
export const split: Operator = {
  async run(call, context) {
    if (call.args.length === 0) {
      throw new GraftError("eval", "no arguments specified to (( split ... ))");
    }
    if (call.args.length !== 2) {
      const problem = call.args.length < 2 ? "too few" : "too many";
      throw new GraftError("eval", `${problem} arguments supplied to (( split ... ))`);
    }
    const [separatorNode, subject] = call.args;
    if (separatorNode.kind !== "literal") {
      throw new GraftError(
        "eval",
        "split operator only accepts literal argument for the separator",
      );
    }
    const value = await context.evaluate(subject);
    if (value === null) throw new GraftError("eval", "cannot split nil value in (( split ... ))");
    if (value instanceof Map || Array.isArray(value)) {
      throw new GraftError("eval", `cannot split ${typeName(value)} value in (( split ... ))`);
    }
    const text = scalarText(value);
    const separator = scalarText(separatorNode.value);
    if (separator === "") return [...text];
    // A separator of one `/` splits paths; `/.../` is a regular expression.
    if (separator.length < 2 || separator[0] !== "/") return text.split(separator);
    const end = separator.length > 1 && separator.endsWith("/") ? -1 : undefined;
    return splitByPattern(text, separator.slice(1, end));
  },
};

/**
 * Splits where a regular expression matches, as `String.prototype.split` does but without
 * inserting capture groups: an empty match at the start of a piece or at the end of the text
 * cuts nothing.
 */
export function splitByPattern(text: string, pattern: string): string[] {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "g");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GraftError("eval", `invalid PCRE regex pattern ${pattern}: ${reason}`);
  }
  const pieces: string[] = [];
  let start = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const end = match.index + match[0].length;
    if (match[0] === "") {
      regex.lastIndex++;
      if (match.index === start || match.index === text.length) continue;
    }
    pieces.push(text.slice(start, match.index));
    start = end;
  }
  pieces.push(text.slice(start));
  return pieces;
}
