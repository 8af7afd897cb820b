/**
 * Sorting the lists marked `(( sort ))` or `(( sort by KEY ))` during the merge.
 *
 * @module
 */

import {
  Float,
  formatTreePath,
  GraftError,
  GraftErrors,
  isNumeric,
  type ResolveOptions,
  resolvePath,
  scalarText,
  type TreePath,
  typeName,
  type Value,
  type YamlMap,
} from "../core/mod.ts";

/** A list to sort: where it is and, for a list of maps, the key to sort by. */
export interface SortRequest {
  readonly path: TreePath;
  /** The map key to sort by; empty or absent means `arrayMergeKey`, else `name`. */
  readonly by?: string;
}

/**
 * Sorts each requested list in place, stably: strings by code point, numbers by value (ints and
 * floats together), maps by the value of their sort key. Lists of booleans or nulls keep their
 * order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Float, type Value } from "../core/mod.ts";
 * import { type SortRequest, sortLists } from "./sort.ts";
 *
 * const list: Value[] = [3, new Float(1.5), 2];
 * const sorts: SortRequest[] = [{ path: ["l"] }];
 * sortLists(new Map([["l", list]]), sorts);
 * assert.deepStrictEqual(list, [new Float(1.5), 2, 3]);
 * ```
 * @throws {GraftErrors} every request that failed, in spruce's words: a path that does not
 *   resolve or is not a list, entries of different types, list entries, or map entries lacking
 *   the key (or holding a map or list under it)
 */
export function sortLists(
  root: Value,
  sorts: Iterable<SortRequest>,
  options: ResolveOptions = {},
): void {
  const errors: GraftError[] = [];
  for (const { path, by } of sorts) {
    const problem = sortAt(root, path, by || options.arrayMergeKey || "name", options);
    if (problem !== undefined) errors.push(new GraftError("eval", problem));
  }
  if (errors.length > 0) throw new GraftErrors(errors);
}

/** Sorts the list at `path`; returns what is wrong instead when it cannot. */
function sortAt(
  root: Value,
  path: TreePath,
  key: string,
  options: ResolveOptions,
): string | undefined {
  const found = resolvePath(root, path, options);
  if (!found.ok) return found.message;
  const where = formatTreePath(path);
  const list = found.value;
  if (!Array.isArray(list)) {
    return `${where} is ${list instanceof Map ? "a map" : "a scalar"} (not a list)`;
  }
  const kinds = new Set(list.map(kindOf));
  if (kinds.size > 1) {
    return `${where} is a list with different types (not a list with homogeneous entry types)`;
  }
  if (kinds.has("list")) {
    return `${where} is a list with list entries (not a list with maps, strings or numbers)`;
  }
  if (kinds.has("map")) {
    const sortable = list.every((entry) => {
      const value = (entry as YamlMap).get(key);
      return value !== undefined && !(value instanceof Map) && !Array.isArray(value);
    });
    if (!sortable) {
      return `${where} is a list with map entries, where some do not contain ${key} ` +
        `(not a list with map entries each containing ${key})`;
    }
    list.sort((a, b) => compareScalars((a as YamlMap).get(key)!, (b as YamlMap).get(key)!));
  } else {
    list.sort(compareScalars);
  }
}

/** The type an entry counts as for the homogeneity check: ints and floats are one kind. */
function kindOf(value: Value): string {
  return isNumeric(value) ? "number" : typeName(value);
}

/** Numbers before strings before anything else, which compares equal. */
function compareScalars(a: Value, b: Value): number {
  const rank = rankOf(a) - rankOf(b);
  if (rank !== 0) return rank;
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b);
  return rankOf(a) === 1 ? compareText(scalarText(a), scalarText(b)) : 0;
}

function rankOf(value: Value): number {
  if (isNumeric(value)) return 0;
  return typeName(value) === "string" ? 1 : 2;
}

/** Exact for any mix of ints (bigint too) and floats; NaN sorts first. */
function compareNumbers(a: number | bigint | Float, b: number | bigint | Float): number {
  const x = a instanceof Float ? a.value : a;
  const y = b instanceof Float ? b.value : b;
  if (x < y) return -1;
  if (x > y) return 1;
  return Number(Number.isNaN(y)) - Number(Number.isNaN(x));
}

/** Go's string order: by code point (UTF-16 order differs above the surrogate range). */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (code points above U+FFFF) after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
