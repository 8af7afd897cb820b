import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( concat ))` is being written. */
export const concat: Operator = {
  run() {
    throw new GraftError("eval", "(( concat )) is not implemented yet");
  },
};
