import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** PLACEHOLDER: `(( raw_env ))` is being written. */
export const rawEnv: Operator = {
  run() {
    throw new GraftError("eval", "(( raw_env )) is not implemented yet");
  },
};
