/**
 * The command-line interface.
 *
 * @module
 */

export { main, VERSION } from "./program.ts";
export { type MergeFlags, runMerge } from "./pipeline.ts";
