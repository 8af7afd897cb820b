/**
 * `(( sort ))` / `(( sort by KEY ))`: a merge-time marker asking for the list at its path, from
 * an earlier document, to be sorted after evaluation. The merge stage records every marker that
 * lands on a list; one that reaches evaluation had no list under it.
 *
 * @module
 */

import { formatPath, GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `sort` operator as the evaluator sees it: an orphaned marker, always an error (spruce runs
 * it in the merge phase, whose errors are reported with the eval phase's).
 *
 * @example
 * ```yaml
 * # base.yml has `names: [b, a]`; the overlay sorts them:
 * names: (( sort ))
 * ```
 */
export const sort: Operator = {
  phase: "merge",
  readsArguments: false,
  run(_call, context) {
    throw new GraftError(
      "eval",
      `orphaned (( sort )) operator at ${formatPath(context.path)}, no list exists at that path`,
    );
  },
};
