import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( prune ))` is being written. */
export const prune: Operator = {
  run() {
    throw new GraftError("eval", "(( prune )) is not implemented yet");
  },
};
