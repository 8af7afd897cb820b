import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( base64-decode ))` is being written. */
export const base64Decode: Operator = {
  run() {
    throw new GraftError("eval", "(( base64-decode )) is not implemented yet");
  },
};
