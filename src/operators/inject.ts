import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( inject ))` is being written. */
export const inject: Operator = {
  run() {
    throw new GraftError("eval", "(( inject )) is not implemented yet");
  },
};
