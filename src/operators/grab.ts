import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( grab ))` is being written. */
export const grab: Operator = {
  run() {
    throw new GraftError("eval", "(( grab )) is not implemented yet");
  },
};
