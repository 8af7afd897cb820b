/**
 * The merge stage: documents folded left to right into one, as spruce merges them.
 *
 * @module
 */

export {
  type MergeDocument,
  mergeDocuments,
  mergeValues,
  type MergeOptions,
  type MergeResult,
  type PendingSort,
} from "./merge.ts";
export type { Locate } from "./go_patch.ts";
