import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( negate ))` is being written. */
export const negate: Operator = {
  run() {
    throw new GraftError("eval", "(( negate )) is not implemented yet");
  },
};
