import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( null ))` is being written. */
export const nullOperator: Operator = {
  run() {
    throw new GraftError("eval", "(( null )) is not implemented yet");
  },
};
