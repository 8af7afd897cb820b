import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( split ))` is being written. */
export const split: Operator = {
  run() {
    throw new GraftError("eval", "(( split )) is not implemented yet");
  },
};
