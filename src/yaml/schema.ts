/**
 * go-yaml v2 typing on js-yaml: the schema and entry point graft parses with, and the boxes that
 * carry typed map keys through js-yaml's string-keyed objects.
 *
 * @module
 */

// @ts-types="npm:@types/js-yaml@4.0.9"
import jsyaml from "js-yaml";
import { Expression, Float, type Key, type Value } from "../core/mod.ts";
import { resolvePlainScalar } from "./resolve.ts";

/** The tag js-yaml gives an untagged plain scalar once go-yaml's resolver has typed it. */
export const PLAIN_TAG = "!graft/plain";

const TAG_PREFIX = "tag:yaml.org,2002:";
const STR = `${TAG_PREFIX}str`;
const INT = `${TAG_PREFIX}int`;
const FLOAT = `${TAG_PREFIX}float`;
const BOOL = `${TAG_PREFIX}bool`;
const NULL = `${TAG_PREFIX}null`;
const BINARY = `${TAG_PREFIX}binary`;

/** An explicitly tagged scalar go-yaml refuses; the loader reports it with its position. */
export class TagMismatch {
  constructor(readonly message: string) {}
}

/**
 * go-yaml's reading of a scalar with an explicit tag: `!!int`, `!!float`, `!!bool` and `!!null`
 * must resolve to their own type (`!!int "42"` is 42, `!!float 1` is refused), `!!binary` is
 * base64-decoded, and any other tag (`!!str`, `!!timestamp`, `!foo`) keeps the text.
 */
export function resolveTagged(tag: string, text: string): Value | TagMismatch {
  switch (tag) {
    case INT:
    case FLOAT:
    case BOOL:
    case NULL: {
      const value = resolvePlainScalar(text);
      const actual = goTag(value);
      if (actual === tag) return value;
      return new TagMismatch(`cannot decode ${shortTag(actual)} \`${text}\` as a ${shortTag(tag)}`);
    }
    case BINARY:
      return decodeBinary(text);
    default:
      return text;
  }
}

function goTag(value: Value): string {
  if (value === null) return NULL;
  if (value instanceof Float) return FLOAT;
  switch (typeof value) {
    case "boolean":
      return BOOL;
    case "number":
    case "bigint":
      return INT;
    default:
      return STR;
  }
}

function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A `!!binary` scalar as Go's padded standard base64 decodes it (line breaks ignored): a string
 * when the bytes are valid UTF-8, else the bytes.
 */
function decodeBinary(text: string): string | Uint8Array | TagMismatch {
  const base64 = text.replace(/[\r\n]/g, "");
  if (!BASE64.test(base64)) return new TagMismatch("!!binary value contains invalid base64 data");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes;
  }
}

/**
 * The js-yaml schema for go-yaml v2 input. Untagged plain scalars are typed by go-yaml's resolver;
 * tagged scalars go through {@link resolveTagged}; tags on sequences and mappings are ignored, as
 * go-yaml ignores them (`!!set {a, b}` is a map of nulls). Unknown tags are no error.
 */
const GO_SCHEMA: jsyaml.Schema = new jsyaml.Schema({
  implicit: [new jsyaml.Type(PLAIN_TAG, { kind: "scalar", construct: resolvePlainScalar })],
  explicit: [
    new jsyaml.Type("", {
      kind: "scalar",
      multi: true,
      construct: (data: string | null, tag?: string) => resolveTagged(tag ?? "", data ?? ""),
    }),
    new jsyaml.Type("", { kind: "sequence", multi: true }),
    new jsyaml.Type("", { kind: "mapping", multi: true }),
  ],
});

/** The parts of js-yaml's parser state a {@link NodeListener} uses (`composeNode` keeps more). */
export interface ComposeState {
  /** The text being parsed, with a `\0` appended. */
  readonly input: string;
  /** Where the parser is: at an `open`, where the node may start; at a `close`, after it. */
  readonly position: number;
  /** Nesting depth of the node; 1 for a document's root. */
  readonly depth: number;
  /** The node's tag ({@link PLAIN_TAG} for an untagged plain scalar). */
  readonly tag: string | null;
  /** The node's anchor name. */
  readonly anchor: string | null;
  /** The anchors defined so far; an alias reads its node from here. */
  readonly anchorMap: Record<string, unknown>;
  /** The node js-yaml composed; a listener may replace it on `close`. */
  result: unknown;
}

/** Called as js-yaml starts (`open`) and finishes (`close`) composing each node. */
export type NodeListener = (event: "open" | "close", state: ComposeState) => void;

/** Nesting js-yaml allows (its default, 100, is too tight for generated documents). */
const MAX_DEPTH = 1000;

/**
 * Parses every document of a text with go-yaml's typing, reporting each node to `listener`.
 * Duplicate keys are no error (the last one wins).
 *
 * @throws the listener's exceptions, and js-yaml's `YAMLException` for malformed text
 */
export function composeDocuments(text: string, listener: NodeListener): void {
  const options = { schema: GO_SCHEMA, json: true, maxDepth: MAX_DEPTH, listener };
  // @types/js-yaml knows neither `maxDepth` nor most of the state a listener gets.
  jsyaml.loadAll(text, null, options as unknown as jsyaml.LoadOptions);
}

/** True for a mapping as js-yaml builds it: a plain object. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null &&
    Object.getPrototypeOf(value) === Object.prototype;
}

/** The key of a `<<` merge entry. */
export const MERGE: unique symbol = Symbol("<<");

/** What a map key decodes to: a key, or {@link MERGE}. */
export type BoxedKey = Key | typeof MERGE;

const KEY_MARK = "\uE000";

/**
 * A scalar node that is, or may be, a map key.
 *
 * js-yaml stores mappings as plain objects, so `storeMappingPair` turns every key into a string
 * with `String(key)`, losing its type (`10`, `y`, `~` become `"10"`, `"true"`, `"null"`), and
 * objects reorder integer-like keys (`"10"` would move before `"a"`). Before js-yaml stores a key,
 * the loader replaces the key node with a box: its `Symbol.toStringTag` keeps js-yaml from
 * flattening it to `"[object Object]"`, and its `toString()` files the box in a table and returns
 * a private-use mark plus the table index, which is never integer-like. Decoding the object keys
 * with {@link unboxKey} restores typed keys in input order. A box that ends up as a value (the
 * loader boxes some nodes it cannot yet tell apart from keys) stands for its `value`.
 */
export class KeyBox {
  /**
   * @param key the node as a key
   * @param value the node as a value
   * @param table where `toString()` files the box
   */
  constructor(readonly key: BoxedKey, readonly value: unknown, readonly table: KeyBox[]) {}

  get [Symbol.toStringTag](): string {
    return "KeyBox";
  }

  /** Files the box and returns its object key. */
  toString(): string {
    return KEY_MARK + (this.table.push(this) - 1);
  }
}

/** The box an object key stands for, or `undefined` for a key js-yaml stored as written. */
export function unboxKey(objectKey: string, table: readonly KeyBox[]): KeyBox | undefined {
  return objectKey.charCodeAt(0) === 0xe000 ? table[Number(objectKey.slice(1))] : undefined;
}

/**
 * True for a string key that js-yaml must not store as written: an integer-like one (it would be
 * reordered) or one that starts with the box mark.
 */
export function needsKeyBox(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0xe000;
}

/** A scalar as a map key: floats by value, binary as (lossy) text, expressions as written. */
export function scalarKey(value: unknown): Key {
  if (value instanceof Float) return value.value;
  if (value instanceof Expression) return value.source;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return value as Key;
}
