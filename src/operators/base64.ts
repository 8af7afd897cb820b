import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( base64 ))` is being written. */
export const base64: Operator = {
  run() {
    throw new GraftError("eval", "(( base64 )) is not implemented yet");
  },
};
