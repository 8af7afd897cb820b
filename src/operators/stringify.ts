import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( stringify ))` is being written. */
export const stringify: Operator = {
  run() {
    throw new GraftError("eval", "(( stringify )) is not implemented yet");
  },
};
