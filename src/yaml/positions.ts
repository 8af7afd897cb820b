/**
 * Where values are written, looked up only when an error message needs it: a second parse that
 * records where every node starts, so loading pays nothing for positions.
 *
 * @module
 */

import {
  type Key,
  NAME_KEYS,
  type Origin,
  type Path,
  scalarText,
  type Segment,
} from "../core/mod.ts";
import { scanExpressions } from "../expr/mod.ts";
import {
  type BoxedKey,
  composeDocuments,
  isMapping,
  KeyBox,
  MERGE,
  PLAIN_TAG,
  scalarKey,
  unboxKey,
} from "./schema.ts";

/** Options for {@link createOriginFinder}. */
export interface OriginOptions {
  /**
   * Which document of the file the paths are in (0-based).
   * @default 0
   */
  document?: number;
}

/** Finds where the values at paths are written in one text. */
export type OriginFinder = (path: Path) => Origin | undefined;

/**
 * Where the value at `path` is written in a YAML text: the start of its node (for a key with an
 * empty value, the key). `undefined` when the path is not in the text or the text does not parse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const origin = findOrigin("a:\n  list:\n  - name: x\n    v: 1\n", "f.yml", ["a", "list", "x", "v"]);
 * assert.deepEqual(origin, { file: "f.yml", line: 4, column: 8 });
 * ```
 */
export function findOrigin(text: string, file: string, path: Path): Origin | undefined {
  return createOriginFinder(text, file)(path);
}

/**
 * {@link findOrigin} for many paths of one text: the text is parsed once, on the first call. On a
 * list, a string segment names the first entry whose `name`, `key` or `id` is that string.
 */
export function createOriginFinder(
  text: string,
  file: string,
  options: OriginOptions = {},
): OriginFinder {
  let parsed: LocatedText | undefined;
  let lines: number[] | undefined;
  return (path) => {
    parsed ??= parseLocated(text, options.document ?? 0);
    if (parsed.root === undefined) return undefined;
    const offset = locate(parsed.root, path, parsed.table);
    if (offset === undefined) return undefined;
    lines ??= lineStarts(parsed.source);
    return { file, ...positionIn(lines, offset) };
  };
}

/** 1-based line and column of an offset (LF, CRLF and CR end lines). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return positionIn(lineStarts(text), offset);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return starts;
}

function positionIn(lines: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (lines[mid] <= offset) low = mid + 1;
    else high = mid;
  }
  return { line: low, column: offset - lines[low - 1] + 1 };
}

/** The first offset from `from` (before `to`) that is not a space, tab, line break or comment. */
export function contentStart(text: string, from: number, to: number): number {
  let p = from;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c === 0x23) {
      while (p < to && text.charCodeAt(p) !== 0x0a && text.charCodeAt(p) !== 0x0d) p++;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      p++;
    } else {
      break;
    }
  }
  return p;
}

/**
 * A node with where it is written: `start` is its first character, `end` where js-yaml finished
 * it (equal for an empty node). Collections hold located children; keys are located too.
 */
class Located extends KeyBox {
  constructor(
    key: BoxedKey,
    value: unknown,
    table: KeyBox[],
    readonly start: number,
    readonly end: number,
  ) {
    super(key, value, table);
  }
}

const STOP = Symbol("stop");

/** A parsed text: the located root (if it parsed), the table of its keys, the text parsed. */
interface LocatedText {
  readonly root: Located | undefined;
  readonly table: KeyBox[];
  readonly source: string;
}

/** Parses a text with every node located (document `index` only). */
function parseLocated(text: string, index: number): LocatedText {
  const source = scanExpressions(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).text;
  const table: KeyBox[] = [];
  const opens: number[] = [];
  const roots: Located[] = [];
  try {
    composeDocuments(source, (event, state) => {
      const depth = state.depth;
      if (event === "open") {
        if (depth === 1 && roots.length > index) throw STOP;
        opens[depth] = state.position;
        return;
      }
      const raw = state.result;
      const start = contentStart(source, opens[depth], state.position);
      const located = raw instanceof Located
        ? new Located(raw.key, raw.value, table, start, state.position)
        : new Located(
          raw === "<<" && state.tag === PLAIN_TAG ? MERGE : scalarKey(raw),
          raw,
          table,
          start,
          state.position,
        );
      state.result = located;
      if (state.anchor !== null) state.anchorMap[state.anchor] = located;
      if (depth === 1) roots.push(located);
    });
  } catch (error) {
    if (error !== STOP) return { root: undefined, table, source };
  }
  return { root: roots[index], table, source };
}

/** The offset of the value at `path`, or `undefined` when the path is not there. */
function locate(root: Located, path: Path, table: readonly KeyBox[]): number | undefined {
  let node = root;
  let keyStart = root.start;
  for (const segment of path) {
    const raw = node.value;
    if (Array.isArray(raw)) {
      const item = findItem(raw, segment, table);
      if (item === undefined) return undefined;
      if (!(item instanceof Located)) return node.start; // an empty `-` item has no node
      node = item;
      keyStart = item.start;
    } else if (isMapping(raw)) {
      const entry = findEntry(raw, keyText(segment), table);
      if (entry === undefined) return undefined;
      keyStart = entry.key.start;
      if (!(entry.value instanceof Located)) return keyStart;
      node = entry.value;
    } else {
      return undefined;
    }
  }
  return node.start < node.end ? node.start : keyStart;
}

interface Entry {
  readonly key: Located;
  readonly value: unknown;
}

/**
 * The entry of a mapping for a key, as go-yaml decides it: the last of the entries with that key
 * and the `<<` merges providing it (of a list of merged maps, the first that has it).
 */
function findEntry(
  object: Record<string, unknown>,
  text: string,
  table: readonly KeyBox[],
): Entry | undefined {
  let found: Entry | undefined;
  for (const objectKey of Object.keys(object)) {
    const key = unboxKey(objectKey, table) as Located | undefined;
    if (key === undefined) continue;
    const value = object[objectKey];
    if (key.key === MERGE) found = findMerged(value, text, table) ?? found;
    else if (keyText(key.key) === text) found = { key, value };
  }
  return found;
}

function findMerged(value: unknown, text: string, table: readonly KeyBox[]): Entry | undefined {
  if (!(value instanceof Located)) return undefined;
  const sources = Array.isArray(value.value) ? value.value : [value];
  for (const source of sources) {
    if (source instanceof Located && isMapping(source.value)) {
      const entry = findEntry(source.value as Record<string, unknown>, text, table);
      if (entry !== undefined) return entry;
    }
  }
  return undefined;
}

/** A list item by index, or by the `name`, `key` or `id` of a map entry. */
function findItem(list: unknown[], segment: Segment, table: readonly KeyBox[]): unknown {
  const index = typeof segment === "number" ? segment : /^[0-9]+$/.test(segment) ? +segment : -1;
  if (index >= 0) return list[index];
  for (const field of NAME_KEYS) {
    const item = list.find((candidate) => {
      if (!(candidate instanceof Located) || !isMapping(candidate.value)) return false;
      const entry = findEntry(candidate.value, field, table);
      return entry?.value instanceof Located && entry.value.value === segment;
    });
    if (item !== undefined) return item;
  }
  return undefined;
}

/** A key or path segment as text (`true`, `10`, `<nil>`), as canonical paths write keys. */
function keyText(key: Key | Segment): string {
  return typeof key === "string" ? key : scalarText(key);
}
