import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( ips ))` is being written. */
export const ips: Operator = {
  run() {
    throw new GraftError("eval", "(( ips )) is not implemented yet");
  },
};
