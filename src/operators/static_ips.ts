import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( static_ips ))` is being written. */
export const staticIps: Operator = {
  run() {
    throw new GraftError("eval", "(( static_ips )) is not implemented yet");
  },
};
