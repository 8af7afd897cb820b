/**
 * The load stage: YAML (or JSON) text to documents of the value model, read as spruce reads them
 * (go-yaml v2: YAML 1.1 typing, typed keys, merge keys, aliases expanded), with `(( ... ))`
 * expressions as {@link Expression}s that know where they were written.
 *
 * js-yaml does the parsing. A `listener` sees every node as it closes and fixes up what js-yaml's
 * plain objects would lose (typed and integer-like keys, see {@link KeyBox}; merge keys, which
 * js-yaml merges with the wrong precedence), and turns expression scalars into `Expression`s, with
 * origins from the source scan. One conversion pass then builds the `Map`s, giving every alias
 * occurrence its own copy.
 *
 * @module
 */

// @ts-types="npm:@types/js-yaml@4.0.9"
import jsyaml from "js-yaml";
import {
  Expression,
  Float,
  GraftError,
  type Key,
  type Origin,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { type ExpressionSite, scanExpressions } from "../expr/mod.ts";
import {
  composeDocuments,
  type ComposeState,
  isMapping,
  KeyBox,
  MERGE,
  needsKeyBox,
  PLAIN_TAG,
  scalarKey,
  TagMismatch,
  unboxKey,
} from "./schema.ts";
import { contentStart, lineColumn } from "./positions.ts";

/** Options for {@link loadYaml}. */
export interface LoadOptions {
  /**
   * Return every document of the file, not just the first.
   * @default false
   */
  multiDoc?: boolean;
  /**
   * Read `(( ... ))` scalars as {@link Expression}s (and accept them as users write them, see
   * `scanExpressions`). Off for content fetched at run time, which is never evaluated.
   * @default true
   */
  expressions?: boolean;
}

/**
 * Parses the documents of a YAML or JSON text. An empty or comment-only document is `null`. Without
 * `multiDoc` only the first document is read; the rest of the file is ignored, as spruce does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [doc] = loadYaml("10: ten\non: yes\n", "a.yml");
 * assert.deepEqual(doc, new Map<unknown, unknown>([[10, "ten"], [true, true]]));
 * ```
 * @param text the file's content
 * @param file the file name errors and origins use
 * @throws {GraftError} code "input", with the file and the line and column, for malformed YAML
 */
export function loadYaml(text: string, file: string, options: LoadOptions = {}): Value[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const expressions = (options.expressions ?? true) && source.includes("((");
  const scan = expressions ? scanExpressions(source) : undefined;
  return new Loader(scan?.text ?? source, file, options.multiDoc ?? false, scan?.sites).load();
}

/** Stops js-yaml at the start of the second document when only the first is wanted. */
const STOP = Symbol("stop");

// How a node relates to the mapping syntax after it (see `Loader.#keyness`): a value, a key, or
// either (a `,` or `}` follows, in a flow collection).
const VALUE = 0;
const KEY = 1;
const MAYBE_KEY = 2;

const EXPANSION_MESSAGE =
  "document contains excessive aliasing (more values than the file could hold)";

/** One parse of one text. */
class Loader {
  readonly #text: string;
  readonly #file: string;
  readonly #multiDoc: boolean;
  /** Expression sites from the source scan; `undefined` when expressions are off or absent. */
  readonly #sites: readonly ExpressionSite[] | undefined;
  /** Where each open node started, by depth. */
  readonly #opens: number[] = [];
  readonly #keys: KeyBox[] = [];
  readonly #roots: unknown[] = [];
  /** The depth of the value node of a `<<` entry being read, or -1. */
  #mergeDepth = -1;
  /** Entries the conversion may still create before the document counts as an alias bomb. */
  #budget: number;

  constructor(
    text: string,
    file: string,
    multiDoc: boolean,
    sites: readonly ExpressionSite[] | undefined,
  ) {
    this.#text = text;
    this.#file = file;
    this.#multiDoc = multiDoc;
    this.#sites = sites;
    this.#budget = 1_000_000 + text.length;
  }

  load(): Value[] {
    try {
      composeDocuments(this.#text, (event, state) => {
        if (event === "open") this.#open(state);
        else this.#close(state);
      });
      const roots = this.#roots.length === 0 ? [null] : this.#roots;
      return roots.map((root) => this.#convert(root));
    } catch (error) {
      if (error !== STOP) throw this.#inputError(error);
      return [this.#convert(this.#roots[0])];
    }
  }

  #open(state: ComposeState): void {
    if (state.depth === 1 && this.#roots.length > 0 && !this.#multiDoc) throw STOP;
    this.#opens[state.depth] = state.position;
  }

  #close(state: ComposeState): void {
    const result = state.result;
    if (state.depth === this.#mergeDepth) {
      this.#mergeDepth = -1;
      if (!isMergeable(result)) {
        this.#fail(state, "map merge requires map or sequence of maps as the value");
      }
    }
    switch (typeof result) {
      case "string":
        if (this.#sites !== undefined && isExpressionText(result)) {
          this.#closeExpression(state, result);
        } else if (result === "<<" && state.tag === PLAIN_TAG) {
          this.#closeMergeKey(state);
        } else if (needsKeyBox(result)) {
          this.#closeScalar(state, result);
        }
        break;
      case "object":
        if (
          result === null || result instanceof Float || result instanceof Expression ||
          result instanceof Uint8Array
        ) {
          this.#closeScalar(state, scalarKey(result));
        } else if (result instanceof TagMismatch) {
          this.#fail(state, result.message);
        } else if (!(result instanceof KeyBox) && this.#keyness(state) === KEY) {
          this.#fail(state, "invalid map key: a map or a list cannot be a key");
        }
        break;
      default:
        this.#closeScalar(state, result as Key);
    }
    if (state.depth === 1) this.#roots.push(state.result);
  }

  /** A typed scalar, or a string js-yaml must not store as written: boxed if it may be a key. */
  #closeScalar(state: ComposeState, key: Key): void {
    if (this.#keyness(state) !== VALUE) {
      this.#replace(state, new KeyBox(key, state.result, this.#keys));
    }
  }

  /** A plain `<<`: a merge key when a `:` follows; its value is checked when it closes. */
  #closeMergeKey(state: ComposeState): void {
    if (this.#keyness(state) !== KEY) return;
    this.#replace(state, new KeyBox(MERGE, state.result, this.#keys));
    this.#mergeDepth = state.depth;
  }

  /** An expression scalar: an {@link Expression}, unless it is a key (keys stay strings). */
  #closeExpression(state: ComposeState, text: string): void {
    const keyness = this.#keyness(state);
    if (keyness === KEY) return;
    const expression = new Expression(text, this.#origin(state));
    this.#replace(state, keyness === VALUE ? expression : new KeyBox(text, expression, this.#keys));
  }

  /** Replaces the node js-yaml just composed (and the anchor that names it). */
  #replace(state: ComposeState, value: unknown): void {
    state.result = value;
    if (state.anchor !== null) state.anchorMap[state.anchor] = value;
  }

  /**
   * Whether the node that just closed is a map key, judged by its surroundings: a `:` after it on
   * its line, or a `?` before it (an explicit key), makes it a key; a `,` or `}` after it may end a
   * key without a value in a flow mapping, or an item of a flow sequence.
   */
  #keyness(state: ComposeState): number {
    const text = state.input;
    let p = state.position;
    let c = text.charCodeAt(p);
    while (c === 0x20 || c === 0x09) c = text.charCodeAt(++p);
    if (c === 0x3a) return KEY;
    if (c === 0x2c || c === 0x7d) return MAYBE_KEY;
    p = this.#opens[state.depth];
    do c = text.charCodeAt(--p); while (c === 0x20 || c === 0x09);
    return c === 0x3f ? KEY : VALUE;
  }

  /** Where the expression scalar that just closed was written, from the source scan. */
  #origin(state: ComposeState): Origin {
    const sites = this.#sites!;
    const end = state.position;
    let low = 0;
    let high = sites.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sites[mid].offset < end) low = mid + 1;
      else high = mid;
    }
    const site = sites[low - 1];
    if (site === undefined || site.offset < this.#opens[state.depth]) {
      // Not a well-formed expression (the scan passes those by): where its scalar starts.
      const offset = contentStart(this.#text, this.#opens[state.depth], state.position);
      return { file: this.#file, ...lineColumn(this.#text, offset) };
    }
    return { file: this.#file, line: site.line, column: site.column };
  }

  #fail(state: ComposeState, message: string): never {
    const offset = contentStart(this.#text, this.#opens[state.depth], state.position);
    throw this.#error(message, lineColumn(this.#text, offset));
  }

  /** A parse failure as a {@link GraftError}, with no trace of js-yaml's exception. */
  #inputError(error: unknown): GraftError {
    if (error instanceof GraftError) return error;
    if (error instanceof jsyaml.YAMLException) {
      return this.#error(error.reason, {
        line: error.mark.line + 1,
        column: error.mark.column + 1,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new GraftError("input", `yaml: ${message}`, { file: this.#file });
  }

  /** go-yaml's one-line `yaml: line N: …`, with the column too. */
  #error(message: string, where: { line: number; column: number }): GraftError {
    return new GraftError("input", `yaml: line ${where.line}, column ${where.column}: ${message}`, {
      file: this.#file,
      origin: { file: this.#file, ...where },
    });
  }

  /** js-yaml's result as a value: `Map`s with decoded keys, merges applied, aliases copied. */
  #convert(node: unknown): Value {
    if (typeof node !== "object" || node === null) return node as Value;
    if (Array.isArray(node)) {
      this.#spend(node.length);
      const list: Value[] = new Array(node.length);
      for (let i = 0; i < node.length; i++) list[i] = this.#convert(node[i]);
      return list;
    }
    if (isMapping(node)) return this.#convertMap(node);
    if (node instanceof KeyBox) return node.value as Value;
    return node as Value;
  }

  #convertMap(object: Record<string, unknown>): YamlMap {
    const map: YamlMap = new Map();
    const keys = Object.keys(object);
    this.#spend(keys.length);
    for (const objectKey of keys) {
      const value = this.#convert(object[objectKey]);
      const box = unboxKey(objectKey, this.#keys);
      if (box === undefined) map.set(objectKey, value);
      else if (box.key !== MERGE) map.set(box.key, value);
      else mergeInto(map, value);
    }
    return map;
  }

  #spend(entries: number): void {
    this.#budget -= entries;
    if (this.#budget < 0) {
      throw new GraftError("input", `yaml: ${EXPANSION_MESSAGE}`, { file: this.#file });
    }
  }
}

/**
 * go-yaml's merge: the merged entries overwrite the ones already set; of a list of maps, the
 * earlier maps win.
 */
function mergeInto(map: YamlMap, value: Value): void {
  if (value instanceof Map) {
    for (const [key, entry] of value) map.set(key, entry);
    return;
  }
  const merged = new Set<Key>();
  for (const source of value as YamlMap[]) {
    for (const [key, entry] of source) {
      if (merged.has(key)) continue;
      merged.add(key);
      map.set(key, entry);
    }
  }
}

/** A `<<` value go-yaml accepts: a mapping or a sequence of mappings. */
function isMergeable(value: unknown): boolean {
  return isMapping(value) || (Array.isArray(value) && value.every(isMapping));
}

/**
 * True for a scalar that, trimmed of spaces and tabs, starts with `((` and ends with `))`, on one
 * line.
 */
function isExpressionText(text: string): boolean {
  let i = 0;
  let c = text.charCodeAt(0);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++i);
  if (c !== 0x28 || text.charCodeAt(i + 1) !== 0x28) return false;
  let j = text.length - 1;
  c = text.charCodeAt(j);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(--j);
  return j - i >= 3 && c === 0x29 && text.charCodeAt(j - 1) === 0x29 && !/[\n\r]/.test(text);
}
