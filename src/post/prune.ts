/**
 * Pruning: removing `(( prune ))`-marked paths, merge ghosts and `--prune` paths.
 *
 * @module
 */

import {
  type Key,
  type ResolveOptions,
  resolvePath,
  type TreePath,
  type Value,
  type YamlMap,
} from "../core/mod.ts";

/**
 * Removes every path that resolves. A path that does not resolve, and the root, are left alone.
 * All paths are resolved before anything is removed, so they all name places in the tree as it
 * was: pruning `list.1` and `list.3` removes those two entries.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { YamlMap } from "../core/mod.ts";
 * import { prunePaths } from "./prune.ts";
 *
 * const root: YamlMap = new Map<string, number | string[]>([["meta", 1], ["list", ["a", "b"]]]);
 * prunePaths(root, [["meta"], ["list", 0], ["missing"]]);
 * assert.deepStrictEqual(root, new Map([["list", ["b"]]]));
 * ```
 */
export function prunePaths(
  root: Value,
  paths: Iterable<TreePath>,
  options: ResolveOptions = {},
): void {
  const keys: [YamlMap, Key][] = [];
  const indexes = new Map<Value[], Set<number>>();
  for (const path of paths) {
    const found = resolvePath(root, path, options);
    if (!found.ok || found.parent === null) continue;
    if (found.parent instanceof Map) {
      keys.push([found.parent, found.key]);
    } else {
      const doomed = indexes.get(found.parent) ?? new Set();
      indexes.set(found.parent, doomed.add(found.key as number));
    }
  }
  for (const [map, key] of keys) map.delete(key);
  for (const [list, doomed] of indexes) {
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      if (!doomed.has(i)) list[kept++] = list[i];
    }
    list.length = kept;
  }
}
