import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( shuffle ))` is being written. */
export const shuffle: Operator = {
  run() {
    throw new GraftError("eval", "(( shuffle )) is not implemented yet");
  },
};
