import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( calc ))` is being written. */
export const calc: Operator = {
  run() {
    throw new GraftError("eval", "(( calc )) is not implemented yet");
  },
};
