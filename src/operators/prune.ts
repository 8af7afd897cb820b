/**
 * `(( prune ))`: removes the value at its path from the final document. The merge stage handles
 * most prune markers (as "ghosts" that keep the value others may grab); the ones it leaves for
 * evaluation stand where no value exists, or in a list entry.
 *
 * @module
 */

import type { Operator } from "../eval/mod.ts";

/**
 * The `prune` operator: queues its own path for removal after evaluation and stands as null
 * until then.
 *
 * @example
 * ```yaml
 * meta:
 *   list:
 *   - one
 *   - (( prune ))
 * ```
 */
export const prune: Operator = {
  readsArguments: false,
  run(_call, context) {
    context.prune(context.path);
    return null;
  },
};
