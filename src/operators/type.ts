import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( type ))` is being written. */
export const typeOperator: Operator = {
  run() {
    throw new GraftError("eval", "(( type )) is not implemented yet");
  },
};
