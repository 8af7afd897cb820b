import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( defer ))` is being written. */
export const defer: Operator = {
  run() {
    throw new GraftError("eval", "(( defer )) is not implemented yet");
  },
};
