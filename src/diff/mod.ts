/**
 * The structural diff behind `graft diff`, and its human and JSON reports.
 *
 * @module
 */

export { type Change, diffDocuments, diffValues, type DocumentChanges } from "./diff.ts";
export { renderJson, renderText, type TextOptions } from "./render.ts";
