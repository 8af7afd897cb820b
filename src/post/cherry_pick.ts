/**
 * Cherry-picking: keeping only the `--cherry-pick` paths of a document.
 *
 * @module
 */

import {
  GraftError,
  GraftErrors,
  type Path,
  type ResolveOptions,
  resolvePath,
  scalarText,
  type TreePath,
  typeName,
  type Value,
  type YamlMap,
} from "../core/mod.ts";

/**
 * A new document holding only the given paths, each under its chain of parents: a pick inside a
 * list becomes a one-entry list. Picks are combined as spruce does, each later pick merged
 * *under* the ones before it (maps deep-merge; lists of maps that all carry the merge key merge
 * by that key, other lists concatenate), so `--cherry-pick list.1 --cherry-pick list.4` gives
 * `[entry 4, entry 1]`. No paths: the document itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { YamlMap } from "../core/mod.ts";
 * import { cherryPick } from "./cherry_pick.ts";
 *
 * const a: YamlMap = new Map([["b", 1], ["c", 2]]);
 * const root: YamlMap = new Map();
 * root.set("a", a).set("d", 3);
 * assert.deepStrictEqual(cherryPick(root, [["a", "b"]]), new Map([["a", new Map([["b", 1]])]]));
 * ```
 * @throws {GraftErrors} one `` `$.a.b` could not be found in the datastructure `` per path that
 *   does not resolve
 */
export function cherryPick(
  root: YamlMap,
  paths: readonly TreePath[],
  options: ResolveOptions = {},
): YamlMap {
  if (paths.length === 0) return root;
  const key = options.arrayMergeKey || "name";
  const errors: GraftError[] = [];
  let picked: Value = new Map();
  for (const path of paths) {
    const found = resolvePath(root, path, options);
    if (found.ok) picked = combine(wrap(found.path, found.value), picked, key);
    else errors.push(new GraftError("eval", found.message));
  }
  if (errors.length > 0) throw new GraftErrors(errors);
  return picked as YamlMap;
}

/** The value under its canonical path: a map level per key, a one-entry list per index. */
function wrap(path: Path, value: Value): Value {
  let wrapped = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    wrapped = typeof segment === "number" ? [wrapped] : new Map([[segment, wrapped]]);
  }
  return wrapped;
}

/** `top` merged onto `base` without touching either (spruce's merge with append fallback). */
function combine(base: Value, top: Value, key: string): Value {
  if (base instanceof Map && top instanceof Map) {
    const merged: YamlMap = new Map(base);
    for (const [k, v] of top) merged.set(k, merged.has(k) ? combine(merged.get(k)!, v, key) : v);
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(top)) {
    return isKeyed(base, key) && isKeyed(top, key)
      ? combineByKey(base as YamlMap[], top as YamlMap[], key)
      : [...base, ...top];
  }
  return top;
}

/** Entries of `base` (merged with their match in `top`), then the unmatched ones of `top`. */
function combineByKey(base: YamlMap[], top: YamlMap[], key: string): Value[] {
  const matches = new Map(top.map((entry) => [identity(entry.get(key)!), entry]));
  const merged: Value[] = base.map((entry) => {
    const id = identity(entry.get(key)!);
    const match = matches.get(id);
    if (match === undefined) return entry;
    matches.delete(id);
    return combine(entry, match, key);
  });
  for (const entry of top) {
    if (matches.has(identity(entry.get(key)!))) merged.push(entry);
  }
  return merged;
}

/** Every entry is a map whose `key` holds a scalar. */
function isKeyed(list: Value[], key: string): boolean {
  return list.every((entry) => {
    if (!(entry instanceof Map) || !entry.has(key)) return false;
    const value = entry.get(key);
    return !(value instanceof Map) && !Array.isArray(value);
  });
}

/** Equal for equal scalars of the same type (an int never matches a float or a string). */
function identity(value: Value): string {
  return `${typeName(value)}:${scalarText(value)}`;
}
