/**
 * The merge stage: documents folded left to right into one, as spruce merges them.
 *
 * @module
 */

export {
  type MergeDocument,
  mergeDocuments,
  type MergedValue,
  type MergeOptions,
  type MergeResult,
  mergeValues,
  type PendingSort,
} from "./merge.ts";
export type { Locate } from "./go_patch.ts";
export { attributePaths } from "./attribution.ts";
export { goKind } from "./go_format.ts";
