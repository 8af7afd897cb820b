import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( file ))` is being written. */
export const file: Operator = {
  run() {
    throw new GraftError("eval", "(( file )) is not implemented yet");
  },
};
