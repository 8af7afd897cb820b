/**
 * Navigating a document by path: parsing user-written paths (`a.b.0`, `list[name=x]`, `$.a`),
 * resolving them to a value and its canonical path, and replacing values in place.
 *
 * @module
 */

import { GraftError } from "./errors.ts";
import type { Path, Segment } from "./path.ts";
import { type Key, scalarText, type Value, type YamlMap } from "./value.ts";

/** A `field=value` step: on a list, the first map entry whose `field`, as text, equals `value`. */
export interface FieldMatch {
  readonly field: string;
  readonly value: string;
}

/** One step of a user-written path: a map key or entry name, a list index, or a field match. */
export type PathSegment = Segment | FieldMatch;

/** A user-written path. Every canonical {@link Path} is one too. */
export type TreePath = readonly PathSegment[];

/** The fields that name a list entry, in the order a name segment tries them. */
export const NAME_KEYS: readonly string[] = ["name", "key", "id"];

/** Options for {@link resolvePath} and everything that navigates with it. */
export interface ResolveOptions {
  /**
   * A field tried before {@link NAME_KEYS} when a name segment looks up a list entry
   * (`DEFAULT_ARRAY_MERGE_KEY`).
   */
  arrayMergeKey?: string;
}

/** A path that resolved: the value, the path with names resolved to indexes, and its slot. */
export interface Resolved {
  readonly ok: true;
  readonly value: Value;
  /** Map keys as text, list indexes as numbers. */
  readonly path: Path;
  /** The map or list holding the value; `null` for the root. */
  readonly parent: YamlMap | Value[] | null;
  /** The value's key in `parent` as stored (a list index for a list); `null` for the root. */
  readonly key: Key;
}

/** A path that did not resolve; `message` is spruce's wording of why. */
export class Unresolved {
  readonly ok = false;
  readonly #path: TreePath;
  readonly #blocker: Value | undefined;

  /**
   * @param path the path that was looked up
   * @param depth the index of the segment that failed
   * @param blocker the scalar that segment was applied to, if that was the failure
   */
  constructor(path: TreePath, readonly depth: number, blocker?: Value) {
    this.#path = path;
    this.#blocker = blocker;
  }

  /**
   * `` `$.a.b` could not be found in the datastructure `` (the path up to the missing segment),
   * or `$.a [=x] is a scalar (not a map or a list)` when a segment was applied to a scalar.
   */
  get message(): string {
    if (this.#blocker === undefined) {
      const missing = formatTreePath(this.#path.slice(0, this.depth + 1));
      return `\`${missing}\` could not be found in the datastructure`;
    }
    const where = formatTreePath(this.#path.slice(0, this.depth));
    const value = this.#blocker === null ? "" : ` [=${scalarText(this.#blocker)}]`;
    return `${where}${value} is a scalar (not a map or a list)`;
  }
}

/** The outcome of {@link resolvePath}. */
export type Resolution = Resolved | Unresolved;

/**
 * Parses a path as spruce's cursor parser does: `.` separates segments, `[...]` is a segment of
 * its own (dots inside it are literal), empty segments are skipped and a leading `$` is dropped.
 * Canonical decimal integers become list indexes; a segment containing `=` becomes a
 * {@link FieldMatch}.
 *
 * @example
 * ```ts ignore
 * parsePath("$.jobs[name=web].networks.0");
 * // ["jobs", { field: "name", value: "web" }, "networks", 0]
 * ```
 * @throws {GraftError} `syntax error: unexpected '[' at position N` for nested or stray brackets
 */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let start = 0;
  let bracketed = false;
  const push = (end: number) => {
    if (end > start) {
      const node = text.slice(start, end);
      if (segments.length > 0 || node !== "$") segments.push(toSegment(node));
    }
    start = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "." && !bracketed) push(i);
    else if (c === "[" || c === "]") {
      if (bracketed === (c === "[")) {
        const position = new TextEncoder().encode(text.slice(0, i)).length;
        throw new GraftError("eval", `syntax error: unexpected '${c}' at position ${position}`);
      }
      push(i);
      bracketed = !bracketed;
    }
  }
  push(text.length);
  return segments;
}

/** spruce's rendering of a user-written path: `$.a.name=x.0` (the root alone is `$`). */
export function formatTreePath(path: TreePath): string {
  return path.length === 0 ? "$" : `$.${path.map(segmentText).join(".")}`;
}

/**
 * Finds the value at `path` from `root`. On a map a segment is a key (a numeric segment also
 * finds an int key). On a list a number, or a string of digits, is an index; a name is the first
 * map entry whose `arrayMergeKey`, then `name`, `key` or `id` field is that exact string; a
 * {@link FieldMatch} is the first map entry whose field has that text.
 */
export function resolvePath(root: Value, path: TreePath, options: ResolveOptions = {}): Resolution {
  const canonical: Segment[] = [];
  let node = root;
  let parent: YamlMap | Value[] | null = null;
  let key: Key = null;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    if (node instanceof Map) {
      const found = findKey(node, segment);
      if (found === undefined) return new Unresolved(path, depth);
      canonical.push(typeof found === "string" ? found : scalarText(found));
      parent = node;
      key = found;
      node = node.get(found)!;
    } else if (Array.isArray(node)) {
      const index = findIndex(node, segment, options.arrayMergeKey);
      if (index < 0) return new Unresolved(path, depth);
      canonical.push(index);
      parent = node;
      key = index;
      node = node[index];
    } else {
      return new Unresolved(path, depth, node);
    }
  }
  return { ok: true, value: node, path: canonical, parent, key };
}

function toSegment(node: string): PathSegment {
  if (isDigits(node)) {
    const index = Number(node);
    if (Number.isSafeInteger(index) && String(index) === node) return index;
  }
  const eq = node.indexOf("=");
  return eq > 0 ? { field: node.slice(0, eq), value: node.slice(eq + 1) } : node;
}

function segmentText(segment: PathSegment): string {
  return typeof segment === "object" ? `${segment.field}=${segment.value}` : String(segment);
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The stored key a segment names in a map: its text, else the int key a list index spells. */
function findKey(map: YamlMap, segment: PathSegment): Key | undefined {
  const text = segmentText(segment);
  if (map.has(text)) return text;
  return typeof segment === "number" && map.has(segment) ? segment : undefined;
}

function findIndex(list: Value[], segment: PathSegment, arrayMergeKey?: string): number {
  if (typeof segment === "number") {
    return Number.isInteger(segment) && segment >= 0 && segment < list.length ? segment : -1;
  }
  if (typeof segment === "object") {
    return list.findIndex((entry) => {
      if (!(entry instanceof Map) || !entry.has(segment.field)) return false;
      const held = entry.get(segment.field)!;
      return !(held instanceof Map) && !Array.isArray(held) && scalarText(held) === segment.value;
    });
  }
  if (isDigits(segment)) {
    const index = Number(segment);
    return index < list.length ? index : -1;
  }
  if (arrayMergeKey !== undefined) {
    const index = findNamed(list, arrayMergeKey, segment);
    if (index >= 0) return index;
  }
  for (const field of NAME_KEYS) {
    if (field === arrayMergeKey) continue;
    const index = findNamed(list, field, segment);
    if (index >= 0) return index;
  }
  return -1;
}

function findNamed(list: Value[], field: string, name: string): number {
  return list.findIndex((entry) => entry instanceof Map && entry.get(field) === name);
}

/**
 * The name spruce gives a list entry in messages: its `arrayMergeKey`, `name`, `key` or `id`
 * field, whichever is a string first; undefined for an entry with none.
 */
export function entryName(entry: Value | undefined, arrayMergeKey?: string): string | undefined {
  if (!(entry instanceof Map)) return undefined;
  if (arrayMergeKey !== undefined) {
    const name = entry.get(arrayMergeKey);
    if (typeof name === "string") return name;
  }
  for (const field of NAME_KEYS) {
    const name = entry.get(field);
    if (typeof name === "string") return name;
  }
  return undefined;
}

/**
 * Where a reference may read: from the root, or, when the root has no such first key, from each
 * enclosing map of the call (innermost first) that has it.
 */
export function readingsOf(path: TreePath, callPath: Path, root: YamlMap): TreePath[] {
  if (path.length === 0) return [];
  if (resolvePath(root, path.slice(0, 1)).ok) return [path];
  const readings: TreePath[] = [];
  for (let depth = callPath.length - 1; depth > 0; depth--) {
    const enclosing = resolvePath(root, callPath.slice(0, depth));
    if (enclosing.ok && enclosing.value instanceof Map) {
      const candidate = [...callPath.slice(0, depth), ...path];
      if (resolvePath(root, candidate.slice(0, depth + 1)).ok) readings.push(candidate);
    }
  }
  return readings;
}

/**
 * The value a reference names: from the root, else from the innermost enclosing map of the call
 * that has the reference's first key (see {@link readingsOf}). When neither has it, the root's
 * {@link Unresolved}.
 */
export function resolveReference(
  root: YamlMap,
  path: TreePath,
  callPath: Path,
  options: ResolveOptions = {},
): Resolution {
  const found = resolvePath(root, path, options);
  if (found.ok) return found;
  for (const reading of readingsOf(path, callPath, root)) {
    if (reading === path) continue;
    const relative = resolvePath(root, reading, options);
    if (relative.ok) return relative;
  }
  return found;
}
