import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( cartesian-product ))` is being written. */
export const cartesianProduct: Operator = {
  run() {
    throw new GraftError("eval", "(( cartesian-product )) is not implemented yet");
  },
};
