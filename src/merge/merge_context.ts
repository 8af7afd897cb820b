/**
 * What the array rules need from the document merger, and the cheap path trail both use.
 *
 * @module
 */

import type { Path, Segment, Value } from "../core/mod.ts";

/** The path to a value as a linked list from the leaf up; `null` is the document root. */
export type Trail = { readonly up: Trail; readonly segment: Segment } | null;

/** The trail one step below `up`. */
export function step(up: Trail, segment: Segment): Trail {
  return { up, segment };
}

/** The path a trail stands for, root first. */
export function pathOf(trail: Trail): Path {
  const path: Segment[] = [];
  for (let t = trail; t !== null; t = t.up) path.push(t.segment);
  return path.reverse();
}

/**
 * The merger as the array rules see it. `owned` says whether the overlay value already belongs
 * to the result (the first document, or content being re-merged), so that it may be adopted and
 * mutated instead of copied.
 */
export interface MergeContext {
  /** The identifying key of default and unkeyed marker merges (`DEFAULT_ARRAY_MERGE_KEY`). */
  readonly arrayMergeKey: string;
  /** `--fallback-append`: the default merge appends instead of merging inline. */
  readonly fallbackAppend: boolean;
  /** spruce's `mergeObj(orig, n)`: merges `n` onto `orig` (null when there is none). */
  mergeValue(orig: Value, n: Value, trail: Trail, owned: boolean): Value;
  /** Puts a value into the result as is (spruce adds it unmerged), copying it unless owned. */
  adopt(value: Value, owned: boolean): Value;
  /** Records a merge error at a path. */
  report(message: string, trail: Trail): void;
  /** Records a warning line (without the `warning: ` prefix). */
  warn(message: string): void;
}
