import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( join ))` is being written. */
export const join: Operator = {
  run() {
    throw new GraftError("eval", "(( join )) is not implemented yet");
  },
};
