/**
 * Cherry-picking: keeping only the `--cherry-pick` paths of a document.
 *
 * @module
 */

import {
  deepCopy,
  GraftError,
  GraftErrors,
  type Path,
  type ResolveOptions,
  resolvePath,
  type TreePath,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { mergeValues } from "../merge/mod.ts";

/**
 * A new document holding only the given paths, each under its chain of parents: a pick inside a
 * list becomes a one-entry list. Picks are combined as spruce does, each later pick merged
 * *under* the ones before it by the document merge (maps deep-merge; lists of maps that all carry
 * the merge key merge by that key, other lists append), so `--cherry-pick list.1 --cherry-pick list.4` gives
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
    if (!found.ok) errors.push(new GraftError("eval", found.message));
    else {
      // spruce merges the picks so far onto each new one, appending where lists cannot merge.
      const wrapped = wrap(found.path, deepCopy(found.value));
      picked = mergeValues(wrapped, picked, { fallbackAppend: true, arrayMergeKey: key }).value;
    }
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
