import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( sort ))` is being written. */
export const sort: Operator = {
  run() {
    throw new GraftError("eval", "(( sort )) is not implemented yet");
  },
};
