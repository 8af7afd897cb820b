import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( uniq ))` is being written. */
export const uniq: Operator = {
  run() {
    throw new GraftError("eval", "(( uniq )) is not implemented yet");
  },
};
