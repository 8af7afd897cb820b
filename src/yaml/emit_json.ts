/**
 * `spruce json` output: Go `encoding/json` text of a value (spec/OUTPUT-FORMAT.md §G rules 27–28).
 *
 * @module
 */

import {
  Expression,
  Float,
  formatFloat,
  GraftError,
  scalarText,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { keyToValue } from "./key_order.ts";

/**
 * Go `json.Marshal` text of `root`, on one line without a trailing newline: map keys become
 * strings (Go `%v`: `1`, `true`, `<nil>`, `1e+06`) sorted as UTF-8 bytes, ints are exact, floats
 * print like JS `String(n)` (and `-0`), strings escape `<`, `>`, `&`, U+2028 and U+2029. When two
 * keys give the same string, the first in map order is kept (and `onDuplicate` hears of it).
 *
 * @throws {GraftError} `json: unsupported value: NaN` (or `+Inf`, `-Inf`) for such a float; with
 *   `strict`, `Non-string keys found during strict JSON conversion` for a key that is no string
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const doc = new Map<string, string | boolean>([["b", true], ["a", "<x>"]]);
 * assert.equal(emitJson(doc), '{"a":"\\u003cx\\u003e","b":true}');
 * ```
 */
export function emitJson(root: Value, options: JsonOptions = {}): string {
  return writeJson(root, "", options);
}

/** How {@link emitJson} treats map keys that are not strings. */
export interface JsonOptions {
  /** Refuse keys that are not strings instead of writing them as text (`spruce json --strict`). */
  readonly strict?: boolean;
  /** Hears of each key dropped because an earlier key of its map gave the same text. */
  readonly onDuplicate?: (key: string) => void;
}

/**
 * Go `json.MarshalIndent(root, "", indent)` text: {@link emitJson} with one entry per line; empty
 * maps and lists stay `{}` and `[]`.
 *
 * @throws {GraftError} for a NaN or infinite float, as {@link emitJson}
 */
export function emitJsonIndent(root: Value, indent = "  ", options: JsonOptions = {}): string {
  return writeJson(root, indent, options);
}

function writeJson(root: Value, indent: string, options: JsonOptions): string {
  const colon = indent === "" ? ":" : ": ";
  let out = "";
  // `line` starts a line at the current depth: "" when compact, else "\n" and the indentation.
  const write = (value: Value, line: string): void => {
    if (value instanceof Map) {
      const entries = jsonEntries(value, options);
      if (entries.length === 0) {
        out += "{}";
        return;
      }
      const inner = line + indent;
      for (let i = 0; i < entries.length; i++) {
        out += (i === 0 ? "{" : ",") + inner + quote(entries[i][0]) + colon;
        write(entries[i][1], inner);
      }
      out += line + "}";
    } else if (Array.isArray(value)) {
      if (value.length === 0) {
        out += "[]";
        return;
      }
      const inner = line + indent;
      for (let i = 0; i < value.length; i++) {
        out += (i === 0 ? "[" : ",") + inner;
        write(value[i], inner);
      }
      out += line + "]";
    } else {
      out += scalarJson(value);
    }
  };
  write(root, indent === "" ? "" : "\n");
  return out;
}

/** A map's entries with keys stringified as Go `%v`, deduplicated, in UTF-8 byte order. */
function jsonEntries(map: YamlMap, options: JsonOptions): [string, Value][] {
  const entries: [string, Value][] = [];
  // Only a key that is not a string can collide with another once stringified.
  let names: Set<string> | undefined;
  for (const [key, value] of map) {
    if (typeof key === "string" && names === undefined) {
      entries.push([key, value]);
      continue;
    }
    if (options.strict && typeof key !== "string") {
      throw new GraftError("input", "Non-string keys found during strict JSON conversion");
    }
    names ??= new Set(entries.map(([name]) => name));
    const name = typeof key === "string" ? key : scalarText(keyToValue(key));
    if (names.has(name)) {
      options.onDuplicate?.(name);
      continue;
    }
    names.add(name);
    entries.push([name, value]);
  }
  return entries.sort((a, b) => compareUtf8(a[0], b[0]));
}

/** UTF-8 byte order, i.e. code point order (UTF-16 order differs only around surrogates). */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) && y >= 0xe000) return 1;
    if (isSurrogate(y) && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

function scalarJson(value: Exclude<Value, Value[] | YamlMap>): string {
  if (typeof value === "string") return quote(value);
  if (value instanceof Expression) return quote(value.source);
  if (value instanceof Float) return floatJson(value.value);
  if (value instanceof Uint8Array) return quoteBytes(value);
  return String(value);
}

/** Go's float64 JSON: exponent form below 1e-6 and from 1e21 on, as JS `String` does. */
function floatJson(f: number): string {
  if (!Number.isFinite(f)) {
    throw new GraftError("input", `json: unsupported value: ${formatFloat(f)}`);
  }
  return Object.is(f, -0) ? "-0" : String(f);
}

// Escapes for ASCII characters; "" where the character is written as is.
const ASCII_ESCAPES: string[] = Array(0x80).fill("");
for (let c = 0; c < 0x20; c++) ASCII_ESCAPES[c] = "\\u00" + c.toString(16).padStart(2, "0");
ASCII_ESCAPES[0x0a] = "\\n";
ASCII_ESCAPES[0x0d] = "\\r";
ASCII_ESCAPES[0x09] = "\\t";
ASCII_ESCAPES[0x22] = '\\"';
ASCII_ESCAPES[0x5c] = "\\\\";
for (const c of "<>&") ASCII_ESCAPES[c.charCodeAt(0)] = "\\u00" + c.charCodeAt(0).toString(16);

function quote(text: string): string {
  return '"' + escapeJson(text) + '"';
}

/** Go's JSON string escaping, quotes excluded; a lone surrogate (invalid UTF-8) is `\ufffd`. */
function escapeJson(text: string): string {
  let out = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escape: string;
    if (c < 0x80) {
      escape = ASCII_ESCAPES[c];
      if (escape === "") continue;
    } else if (c === 0x2028 || c === 0x2029) {
      escape = "\\u" + c.toString(16);
    } else if (isSurrogate(c)) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      escape = "\\ufffd";
    } else {
      continue;
    }
    out += text.slice(start, i) + escape;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Bytes as a JSON string the way Go writes a string holding them: each invalid byte is `\ufffd`. */
function quoteBytes(bytes: Uint8Array): string {
  const decoder = new TextDecoder();
  let out = '"';
  let start = 0;
  for (let i = 0; i < bytes.length;) {
    const size = utf8SequenceLength(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    out += escapeJson(decoder.decode(bytes.subarray(start, i))) + "\\ufffd";
    start = ++i;
  }
  return out + escapeJson(decoder.decode(bytes.subarray(start))) + '"';
}

/** The length of the valid UTF-8 sequence at `i` (as Go's `utf8.DecodeRune` accepts it), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  const inRange = (offset: number, low = 0x80, high = 0xbf) =>
    i + offset < bytes.length && bytes[i + offset] >= low && bytes[i + offset] <= high;
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return inRange(1) ? 2 : 0;
  if (lead < 0xf0) {
    const ok = inRange(1, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf) && inRange(2);
    return ok ? 3 : 0;
  }
  if (lead < 0xf5) {
    const ok = inRange(1, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf) &&
      inRange(2) && inRange(3);
    return ok ? 4 : 0;
  }
  return 0;
}
