/**
 * Post-processing of an evaluated document, in this order: prune (`(( prune ))` marks, merge
 * ghosts, `--prune`), sort (`(( sort ))` markers), cherry-pick (`--cherry-pick`).
 *
 * @module
 */

export { prunePaths } from "./prune.ts";
export { sortLists, type SortRequest } from "./sort.ts";
export { cherryPick } from "./cherry_pick.ts";
