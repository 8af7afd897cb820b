/**
 * The structural diff behind `graft diff`: what changed between two values, path by path.
 *
 * Maps are compared key by key (keys of any type; `1` and `"1"` are different keys). Lists whose
 * entries are all maps named by the same string field (`name`, else `key`, else `id`, unique in
 * each list) are compared entry by entry by name, as spruce addresses them (`jobs.web`); other
 * lists are compared index by index. Scalars are equal only with the same type and value, so `1`,
 * `1.0` and `"1"` all differ.
 *
 * @module
 */

import {
  deepEqual,
  type Key,
  NAME_KEYS,
  type Path,
  scalarText,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { compareKeys } from "../yaml/mod.ts";

/**
 * One difference. Paths are spruce paths from the document root: map keys as text, list indexes
 * as numbers, named list entries by their name.
 */
export type Change =
  /** The path exists only in the new value. */
  | { readonly kind: "added"; readonly path: Path; readonly to: Value }
  /** The path exists only in the old value. */
  | { readonly kind: "removed"; readonly path: Path; readonly from: Value }
  /** The path holds a different value (or a value of another type). */
  | { readonly kind: "changed"; readonly path: Path; readonly from: Value; readonly to: Value }
  /** The entries both sides of a named list share come in another order (names in each order). */
  | {
    readonly kind: "reordered";
    readonly path: Path;
    readonly from: readonly string[];
    readonly to: readonly string[];
  };

/** The changes of one document of the two files. */
export interface DocumentChanges {
  /** The document's position in the files, from 1. */
  readonly document: number;
  readonly changes: readonly Change[];
}

/**
 * The changes from `from` to `to`, in document order (map keys in spruce's sorted order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const changes = diffValues(new Map([["a", 1]]), new Map([["a", 2]]));
 * assert.deepEqual(changes, [{ kind: "changed", path: ["a"], from: 1, to: 2 }]);
 * ```
 */
export function diffValues(from: Value, to: Value): Change[] {
  const changes: Change[] = [];
  compare(from, to, [], changes);
  return changes;
}

/**
 * The changes between the documents of two files, compared by position. A document only one file
 * has is added or removed as a whole (path `[]`). Documents without changes are left out.
 */
export function diffDocuments(
  from: readonly Value[],
  to: readonly Value[],
): DocumentChanges[] {
  const documents: DocumentChanges[] = [];
  for (let i = 0; i < Math.max(from.length, to.length); i++) {
    let changes: Change[];
    if (i >= to.length) changes = [{ kind: "removed", path: [], from: from[i] }];
    else if (i >= from.length) changes = [{ kind: "added", path: [], to: to[i] }];
    else changes = diffValues(from[i], to[i]);
    if (changes.length > 0) documents.push({ document: i + 1, changes });
  }
  return documents;
}

function compare(from: Value, to: Value, path: Path, changes: Change[]): void {
  if (from instanceof Map && to instanceof Map) compareMaps(from, to, path, changes);
  else if (Array.isArray(from) && Array.isArray(to)) compareLists(from, to, path, changes);
  else if (!deepEqual(from, to)) changes.push({ kind: "changed", path, from, to });
}

function compareMaps(from: YamlMap, to: YamlMap, path: Path, changes: Change[]): void {
  const keys: Key[] = [...from.keys()];
  for (const key of to.keys()) if (!from.has(key)) keys.push(key);
  for (const key of keys.sort(compareKeys)) {
    const at = [...path, scalarText(key)];
    if (!to.has(key)) changes.push({ kind: "removed", path: at, from: from.get(key)! });
    else if (!from.has(key)) changes.push({ kind: "added", path: at, to: to.get(key)! });
    else compare(from.get(key)!, to.get(key)!, at, changes);
  }
}

function compareLists(from: Value[], to: Value[], path: Path, changes: Change[]): void {
  const field = NAME_KEYS.find((name) => namedBy(from, name) && namedBy(to, name));
  if (field !== undefined) {
    compareNamedLists(from, to, field, path, changes);
    return;
  }
  for (let i = 0; i < Math.max(from.length, to.length); i++) {
    const at = [...path, i];
    if (i >= to.length) changes.push({ kind: "removed", path: at, from: from[i] });
    else if (i >= from.length) changes.push({ kind: "added", path: at, to: to[i] });
    else compare(from[i], to[i], at, changes);
  }
}

/** True when every entry is a map whose `field` is a string, no two the same. */
function namedBy(list: Value[], field: string): boolean {
  const names = new Set<string>();
  for (const entry of list) {
    const name = entry instanceof Map ? entry.get(field) : undefined;
    if (typeof name !== "string" || names.has(name)) return false;
    names.add(name);
  }
  return true;
}

/**
 * Named lists: an order change of the shared entries first, then each old entry in order (removed
 * or compared), then the new entries.
 */
function compareNamedLists(
  from: Value[],
  to: Value[],
  field: string,
  path: Path,
  changes: Change[],
): void {
  const nameOf = (entry: Value) => (entry as YamlMap).get(field) as string;
  const toByName = new Map(to.map((entry) => [nameOf(entry), entry]));
  const fromNames = new Set(from.map(nameOf));
  const sharedFrom = from.map(nameOf).filter((name) => toByName.has(name));
  const sharedTo = to.map(nameOf).filter((name) => fromNames.has(name));
  if (sharedFrom.some((name, i) => name !== sharedTo[i])) {
    changes.push({ kind: "reordered", path, from: sharedFrom, to: sharedTo });
  }
  for (const entry of from) {
    const name = nameOf(entry);
    const other = toByName.get(name);
    if (other === undefined) changes.push({ kind: "removed", path: [...path, name], from: entry });
    else compare(entry, other, [...path, name], changes);
  }
  for (const entry of to) {
    const name = nameOf(entry);
    if (!fromNames.has(name)) changes.push({ kind: "added", path: [...path, name], to: entry });
  }
}
