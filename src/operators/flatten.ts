import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( flatten ))` is being written. */
export const flatten: Operator = {
  run() {
    throw new GraftError("eval", "(( flatten )) is not implemented yet");
  },
};
