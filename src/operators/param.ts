import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( param ))` is being written. */
export const param: Operator = {
  run() {
    throw new GraftError("eval", "(( param )) is not implemented yet");
  },
};
