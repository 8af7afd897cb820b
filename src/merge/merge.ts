/**
 * The document merge, exactly as spruce v1.31.0 merges (`merge.go`, `cmd/spruce/main.go`):
 * documents fold left to right onto an empty map; maps deep-merge, anything else replaces, lists
 * follow the default rule and the array markers; `(( prune ))` and `(( sort ))` markers leave
 * "ghost" records; array-rooted documents are go-patch operations under `--go-patch`.
 *
 * @module
 */

import {
  deepCopy,
  formatPathBare,
  GraftError,
  GraftErrors,
  type Key,
  type Path,
  scalarText,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { mergeArray } from "./array_merge.ts";
import { applyGoPatch, GoPatchError, type Locate } from "./go_patch.ts";
import { ghostMarker, markerText, misplacedMarker, sortMarkerKey } from "./markers.ts";
import { type MergeContext, pathOf, step, type Trail } from "./merge_context.ts";

/** Options for {@link mergeDocuments}. */
export interface MergeOptions {
  /**
   * `--fallback-append`: where the default list merge cannot merge by key, append instead of
   * merging by index.
   * @default false
   */
  fallbackAppend?: boolean;
  /**
   * The identifying key of list entries (`DEFAULT_ARRAY_MERGE_KEY`; the caller reads the env).
   * @default "name"
   */
  arrayMergeKey?: string;
  /**
   * `--go-patch`: an array-rooted document is a list of go-patch operations, applied to the
   * result at its position.
   * @default false
   */
  goPatch?: boolean;
}

/** One parsed input document. */
export interface MergeDocument {
  /** The parsed document; `null` (an empty file) counts as `{}`. */
  readonly value: Value;
  /** The name messages use for it (`file`, `file[i]` for `-m` pieces, `STDIN`). */
  readonly file: string;
  /** Where a value of the document was written, for go-patch decoding errors (`line N:`). */
  readonly locate?: Locate;
}

/** A list to sort after evaluation, recorded by a `(( sort ))` ghost. */
export interface PendingSort {
  readonly path: Path;
  /** The key to sort maps by; absent means the default identifying key. */
  readonly by?: string;
}

/** What {@link mergeDocuments} produces. */
export interface MergeResult {
  /** The merged document (the first document's map itself, merged into in place). */
  readonly root: YamlMap;
  /** Paths queued for pruning by `(( prune ))` ghosts, in the order spruce queued them. */
  readonly prunePaths: Path[];
  /** Lists to sort after evaluation (the first document to mark a path sets its key). */
  readonly sortPaths: PendingSort[];
  /** stderr lines, `warning: ` included: the array fallback warning pair. */
  readonly warnings: string[];
}

const MERGE_AS_VALUE =
  "inappropriate use of (( merge )) operator outside of a list (this is graft, after all)";
const DELETE_AS_VALUE = "inappropriate use of (( delete )) operator outside of a list";
const ROOT_NOT_A_MAP =
  "Root of YAML document is not a hash/map: type assertion to map[interface]interface{} failed\n";

/**
 * Merges documents left to right, as `spruce merge` does before evaluation.
 *
 * The first document is adopted: its map becomes the result and is merged into in place (pass a
 * copy to keep it). Later documents are never modified, and nothing of theirs is shared with the
 * result.
 *
 * @example
 * ```ts
 * import { Expression, type Key, type Value } from "../core/mod.ts";
 *
 * const base = new Map<Key, Value>([["list", ["a", "b"]]]);
 * const overlay = new Map<Key, Value>([["list", [new Expression("(( append ))"), "c"]]]);
 * const { root } = mergeDocuments([
 *   { value: base, file: "a.yml" },
 *   { value: overlay, file: "b.yml" },
 * ]);
 * root.get("list"); // ["a", "b", "c"]
 * ```
 * @throws {GraftErrors} a `merge` error per failed path (spruce's `N error(s) detected:`), after
 *   merging every document; or, at once, one `input` error for a document that cannot be merged
 *   (its root is not a map, or its go-patch operations fail). Input messages keep spruce's
 *   trailing newline where spruce has one.
 */
export function mergeDocuments(
  docs: readonly MergeDocument[],
  options: MergeOptions = {},
): MergeResult {
  const merger = new Merger(options);
  let root: YamlMap = new Map();
  docs.forEach((doc, i) => {
    const { value } = doc;
    if (value instanceof Map) {
      if (i === 0) root = merger.adoptRoot(value);
      else merger.mergeInto(root, value);
    } else if (Array.isArray(value) && options.goPatch) {
      try {
        root = applyGoPatch(root, value, doc.locate);
      } catch (error) {
        if (!(error instanceof GoPatchError)) throw error;
        throw inputError(doc.file, error.message);
      }
    } else if (value !== null) {
      throw inputError(doc.file, ROOT_NOT_A_MAP);
    }
  });
  return merger.finish(root);
}

function inputError(file: string, message: string): GraftErrors {
  return new GraftErrors([new GraftError("input", message, { file })]);
}

/** spruce's `Merger`: the merge rules for maps and scalars, and the ghost records. */
class Merger implements MergeContext {
  readonly arrayMergeKey: string;
  readonly fallbackAppend: boolean;
  readonly #errors: GraftError[] = [];
  readonly #warnings: string[] = [];
  /** Prune ghosts by spruce's path text, which also deduplicates them. */
  readonly #prunePaths = new Map<string, Path>();
  readonly #sortPaths = new Map<string, PendingSort>();
  /** While adopting the first document: its containers placed so far (YAML aliases repeat). */
  #placed: Set<object> | undefined;

  constructor(options: MergeOptions) {
    this.arrayMergeKey = options.arrayMergeKey || "name";
    this.fallbackAppend = options.fallbackAppend ?? false;
  }

  /** Merges the first document onto the empty root by adopting its containers. */
  adoptRoot(doc: YamlMap): YamlMap {
    this.#placed = new Set();
    try {
      return this.#mergeFresh(doc, null, true);
    } finally {
      this.#placed = undefined;
    }
  }

  /** spruce's `mergeMap` of a later document into the root. */
  mergeInto(root: YamlMap, doc: YamlMap): void {
    this.#mergeMap(root, doc, null, false);
  }

  /** The result, once every document is merged; or every merge error found. */
  finish(root: YamlMap): MergeResult {
    if (this.#errors.length > 0) throw new GraftErrors(this.#errors);
    return {
      root,
      prunePaths: [...this.#prunePaths.values()],
      sortPaths: [...this.#sortPaths.values()],
      warnings: this.#warnings,
    };
  }

  mergeValue(orig: Value, n: Value, trail: Trail, owned: boolean): Value {
    if (orig === null) {
      if (n instanceof Map) return this.#mergeFresh(n, trail, owned);
      if (Array.isArray(n)) return mergeArray(this, [], n, trail, owned);
      return n;
    }
    const ghost = this.#ghost(orig, n, trail);
    if (ghost !== undefined) return ghost;
    if (n instanceof Map) {
      if (!(orig instanceof Map)) return this.adopt(n, owned);
      this.#mergeMap(orig, n, trail, owned);
      return orig;
    }
    if (Array.isArray(n)) {
      return Array.isArray(orig) ? mergeArray(this, orig, n, trail, owned) : this.adopt(n, owned);
    }
    return n;
  }

  adopt(value: Value, owned: boolean): Value {
    if (!owned || (this.#placed !== undefined && !this.#claimTree(value))) return deepCopy(value);
    return value;
  }

  report(message: string, trail: Trail): void {
    this.#errors.push(new GraftError("merge", message, { path: pathOf(trail) }));
  }

  warn(message: string): void {
    this.#warnings.push(`warning: ${message}`);
  }

  /**
   * The prune and sort ghosts: an earlier marker being overwritten is recorded and the new value
   * merged as usual; a later marker over an existing value is recorded and the value kept.
   *
   * @returns the value to keep, or undefined to merge as usual
   */
  #ghost(orig: Value, n: Value, trail: Trail): Value | undefined {
    const was = markerText(orig) ?? "";
    const now = markerText(n) ?? "";
    const before = ghostMarker(was);
    const after = ghostMarker(now);
    if (before === "prune") this.#prune(trail);
    else if (after === "prune") {
      this.#prune(trail);
      return orig;
    } else if (before === "sort") this.#sort(was, trail);
    else if (after === "sort") {
      this.#sort(now, trail);
      return orig;
    }
    return undefined;
  }

  #prune(trail: Trail): void {
    const path = pathOf(trail);
    const text = formatPathBare(path);
    if (!this.#prunePaths.has(text)) this.#prunePaths.set(text, path);
  }

  #sort(marker: string, trail: Trail): void {
    const path = pathOf(trail);
    const text = formatPathBare(path);
    const key = sortMarkerKey(marker);
    if (key === undefined || this.#sortPaths.has(text)) return;
    this.#sortPaths.set(text, key.by === undefined ? { path } : { path, by: key.by });
  }

  /** spruce's `mergeMap(orig, n)`. */
  #mergeMap(orig: YamlMap, n: YamlMap, trail: Trail, owned: boolean): void {
    for (const [key, value] of n) {
      const at = step(trail, scalarText(key));
      this.#checkMapValue(value, at);
      orig.set(key, this.mergeValue(orig.get(key) ?? null, value, at, owned));
    }
  }

  /** spruce's `mergeMap({}, n)`: an owned map is merged into itself, in place. */
  #mergeFresh(n: YamlMap, trail: Trail, owned: boolean): YamlMap {
    const target = owned && this.#claim(n) ? n : new Map<Key, Value>();
    for (const [key, value] of n) {
      const at = step(trail, scalarText(key));
      this.#checkMapValue(value, at);
      target.set(key, this.mergeValue(null, value, at, owned));
    }
    return target;
  }

  /** The operators that make no sense as a map value. */
  #checkMapValue(value: Value, trail: Trail): void {
    const text = markerText(value);
    const misplaced = text === undefined ? undefined : misplacedMarker(text);
    if (misplaced === "merge") this.report(MERGE_AS_VALUE, trail);
    else if (misplaced === "delete") this.report(DELETE_AS_VALUE, trail);
  }

  /** True when a first-document container is placed for the first time (not a repeated alias). */
  #claim(container: object): boolean {
    if (this.#placed === undefined) return true;
    if (this.#placed.has(container)) return false;
    this.#placed.add(container);
    return true;
  }

  /** {@link #claim} for a whole subtree placed as is. */
  #claimTree(value: Value): boolean {
    if (value instanceof Map) {
      return this.#claim(value) && [...value.values()].every((v) => this.#claimTree(v));
    }
    if (Array.isArray(value)) return this.#claim(value) && value.every((v) => this.#claimTree(v));
    return true;
  }
}

/** What {@link mergeValues} produces: the merged value and the ghosts its merge recorded. */
export interface MergedValue {
  readonly value: Value;
  readonly prunePaths: Path[];
  readonly sortPaths: PendingSort[];
}

/**
 * Merges `overlay` onto `orig` (standing at path `at` of the document) by the document rules
 * (`orig` may be merged into in place). spruce merges injected and cherry-picked values this
 * way, with `fallbackAppend`.
 *
 * @throws {GraftErrors} the merge errors found
 */
export function mergeValues(
  orig: Value,
  overlay: Value,
  options: MergeOptions & { at?: Path } = {},
): MergedValue {
  const merger = new Merger(options);
  const trail = (options.at ?? []).reduce<Trail>((up, segment) => step(up, segment), null);
  const value = merger.mergeValue(orig, overlay, trail, false);
  const { prunePaths, sortPaths } = merger.finish(new Map());
  return { value, prunePaths, sortPaths };
}
