import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( keys ))` is being written. */
export const keys: Operator = {
  run() {
    throw new GraftError("eval", "(( keys )) is not implemented yet");
  },
};
