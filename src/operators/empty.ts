import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( empty ))` is being written. */
export const empty: Operator = {
  run() {
    throw new GraftError("eval", "(( empty )) is not implemented yet");
  },
};
