import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( load ))` is being written. */
export const load: Operator = {
  run() {
    throw new GraftError("eval", "(( load )) is not implemented yet");
  },
};
