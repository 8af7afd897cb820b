/**
 * spruce's YAML output: the exact text go-yaml v2's `yaml.Marshal` writes for a value
 * (spec/OUTPUT-FORMAT.md §A–F). The emitter follows libyaml's emitter state by state (indents,
 * the column, the `whitespace`/`indention` flags), writing straight into one growing string.
 *
 * The one deliberate difference: floats keep float64 precision (`formatFloat`).
 *
 * @module
 */

import { Expression, Float, formatFloat, type Key, type Value, type YamlMap } from "../core/mod.ts";
import { compareKeys, keyToValue } from "./key_order.ts";
import { isBase60Float, resolvesToNonString } from "./resolve.ts";

/** Options for {@link emitYaml}. */
export interface EmitOptions {
  /**
   * `"sorted"` sorts every map's keys as spruce does; `"input"` keeps each map's insertion order.
   * @default {"sorted"}
   */
  keyOrder?: "sorted" | "input";
}

/**
 * The text go-yaml v2's `yaml.Marshal` gives `root` (no `---`, ends in one `"\n"`; spruce's extra
 * blank line is the caller's). An empty map is `{}\n`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(emitYaml(new Map([["a", [1, "yes"]]])), 'a:\n- 1\n- "yes"\n');
 * ```
 */
export function emitYaml(root: Value, options: EmitOptions = {}): string {
  const emitter = new Emitter(options.keyOrder === "input");
  emitter.node(root, NODE);
  return emitter.finish();
}

// Where a node sits (libyaml's mapping_context and simple_key_context).
const NODE = 0; // the root or a sequence item
const MAPPING = 1; // a map value or an explicit `? key`
const SIMPLE_KEY = 2; // a key written as `key:`
type Context = typeof NODE | typeof MAPPING | typeof SIMPLE_KEY;

// Scalar styles.
const PLAIN = 0;
const SINGLE_QUOTED = 1;
const DOUBLE_QUOTED = 2;
const LITERAL = 3;

// What libyaml's analyze_scalar allows (flow context never occurs: collections are block or empty).
const MULTILINE = 1;
const PLAIN_OK = 2;
const SINGLE_OK = 4;
const BLOCK_OK = 8;
const ALL_OK = PLAIN_OK | SINGLE_OK | BLOCK_OK;

/** Lines longer than this fold at a space (libyaml's best_width). */
const WIDTH = 80;
/** Simple keys are at most this many UTF-8 bytes. */
const MAX_SIMPLE_KEY = 128;

/** A scalar ready to write: its text, an optional tag, the style asked for, its analysis. */
interface Scalar {
  text: string;
  tag: string;
  style: number;
  flags: number;
}

type ScalarValue = Exclude<Value, Value[] | YamlMap>;

class Emitter {
  #out = "";
  #column = 0;
  #indent = -1;
  #whitespace = true;
  #indention = true;
  readonly #inputOrder: boolean;

  constructor(inputOrder: boolean) {
    this.#inputOrder = inputOrder;
  }

  node(value: Value, context: Context): void {
    if (value instanceof Map) this.#mapping(value);
    else if (Array.isArray(value)) this.#sequence(value, context);
    else this.#scalar(prepareScalar(value), context);
  }

  finish(): string {
    this.#writeIndent();
    return this.#out;
  }

  #mapping(map: YamlMap): void {
    if (map.size === 0) return this.#emptyFlow("{", "}");
    const parent = this.#indent;
    this.#indent = parent < 0 ? 0 : parent + 2;
    const keys: Iterable<Key> = this.#inputOrder ? map.keys() : [...map.keys()].sort(compareKeys);
    for (const key of keys) {
      // Go cannot look a NaN key up again, so its value prints as null.
      const value = Number.isNaN(key) ? null : map.get(key)!;
      const scalar = prepareScalar(keyToValue(key) as ScalarValue);
      this.#writeIndent();
      if (isSimpleKey(scalar)) {
        this.#scalar(scalar, SIMPLE_KEY);
        this.#writeIndicator(":", false, false, false);
      } else {
        this.#writeIndicator("?", true, false, true);
        this.#scalar(scalar, MAPPING);
        this.#writeIndent();
        this.#writeIndicator(":", true, false, true);
      }
      this.node(value, MAPPING);
    }
    this.#indent = parent;
  }

  #sequence(items: Value[], context: Context): void {
    if (items.length === 0) return this.#emptyFlow("[", "]");
    const parent = this.#indent;
    // A sequence that is a `key:` value is not indented (the dashes sit at the key's column).
    const indentless = context !== NODE && !this.#indention;
    this.#indent = parent < 0 ? 0 : indentless ? parent : parent + 2;
    for (const item of items) {
      this.#writeIndent();
      this.#writeIndicator("-", true, false, true);
      this.node(item, NODE);
    }
    this.#indent = parent;
  }

  #emptyFlow(open: string, close: string): void {
    this.#writeIndicator(open, true, true, false);
    this.#writeIndicator(close, false, false, false);
  }

  #scalar(scalar: Scalar, context: Context): void {
    const { text, tag, flags } = scalar;
    // libyaml's select_scalar_style. (Its "multi-line simple key" rule never applies: such keys
    // are written in explicit form.)
    let style = scalar.style;
    if (style === PLAIN && !(flags & PLAIN_OK)) style = SINGLE_QUOTED;
    if (style === SINGLE_QUOTED && !(flags & SINGLE_OK)) style = DOUBLE_QUOTED;
    if (style === LITERAL && !(flags & BLOCK_OK)) style = DOUBLE_QUOTED;
    if (tag !== "") this.#writeIndicator(tag, true, false, false);
    const parent = this.#indent;
    this.#indent = parent < 0 ? 2 : parent + 2;
    const folds = context !== SIMPLE_KEY;
    switch (style) {
      case PLAIN:
        this.#writePlain(text, folds);
        break;
      case SINGLE_QUOTED:
        this.#writeSingleQuoted(text, folds);
        break;
      case DOUBLE_QUOTED:
        this.#writeDoubleQuoted(text, folds);
        break;
      default:
        this.#writeLiteral(text);
    }
    this.#indent = parent;
  }

  #writePlain(text: string, folds: boolean): void {
    if (!this.#whitespace) this.#put(" ");
    // Plain text is printable BMP text: one code unit per column.
    if (!folds || this.#column + text.length <= WIDTH + 1) {
      this.#put(text);
    } else {
      let column = this.#column;
      let start = 0;
      let spaces = false;
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) !== 0x20) {
          spaces = false;
          column++;
        } else if (!spaces && column > WIDTH && text.charCodeAt(i + 1) !== 0x20) {
          this.#out += text.slice(start, i);
          this.#foldLine();
          column = this.#column;
          start = i + 1;
          spaces = true;
        } else {
          spaces = true;
          column++;
        }
      }
      this.#out += text.slice(start);
      this.#column = column;
    }
    this.#whitespace = false;
    this.#indention = false;
  }

  #writeSingleQuoted(text: string, folds: boolean): void {
    this.#writeIndicator("'", true, false, false);
    const last = text.length - 1;
    let column = this.#column;
    let start = 0;
    let spaces = false;
    let breaks = false;
    for (let i = 0; i <= last; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20) {
        if (
          folds && !spaces && column > WIDTH && i > 0 && i < last &&
          text.charCodeAt(i + 1) !== 0x20
        ) {
          this.#out += text.slice(start, i);
          this.#foldLine();
          column = this.#column;
          start = i + 1;
        } else {
          column++;
        }
        spaces = true;
      } else if (isBreak(c)) {
        // Only U+2028 and U+2029 get here: the character is written and the column restarts.
        column = 0;
        breaks = true;
      } else {
        if (breaks) {
          this.#out += text.slice(start, i);
          this.#column = column;
          this.#padLine();
          column = this.#column;
          start = i;
        }
        if (c === 0x27) {
          this.#out += text.slice(start, i) + "'";
          start = i;
          column++;
        }
        column++;
        spaces = false;
        breaks = false;
      }
    }
    this.#out += text.slice(start);
    this.#column = column;
    this.#writeIndicator("'", false, false, false);
    this.#whitespace = false;
    this.#indention = false;
  }

  #writeDoubleQuoted(text: string, folds: boolean): void {
    this.#writeIndicator('"', true, false, false);
    // libyaml's is_bom() looks at the start of the value, not at the current character.
    const escapeAll = text.charCodeAt(0) === 0xfeff;
    const last = text.length - 1;
    let column = this.#column;
    let start = 0;
    let spaces = false;
    for (let i = 0; i <= last;) {
      const code = text.codePointAt(i)!;
      const width = code > 0xffff ? 2 : 1;
      if (escapeAll || code === 0x22 || code === 0x5c || isBreak(code) || !isPrintable(code)) {
        const escape = escapeChar(code);
        this.#out += text.slice(start, i) + escape;
        column += escape.length;
        start = i + width;
        spaces = false;
      } else if (code === 0x20) {
        if (folds && !spaces && column > WIDTH && i > 0 && i < last) {
          this.#out += text.slice(start, i);
          this.#foldLine();
          column = this.#column;
          start = i + 1;
          if (text.charCodeAt(i + 1) === 0x20) {
            this.#out += "\\";
            column++;
          }
        } else {
          column++;
        }
        spaces = true;
      } else {
        column++;
        spaces = false;
      }
      i += width;
    }
    this.#out += text.slice(start);
    this.#column = column;
    this.#writeIndicator('"', false, false, false);
    this.#whitespace = false;
    this.#indention = false;
  }

  #writeLiteral(text: string): void {
    this.#writeIndicator("|", true, false, false);
    const first = text.charCodeAt(0);
    if (first === 0x20 || isBreak(first)) this.#writeIndicator("2", false, false, false);
    const chomp = !isBreak(text.charCodeAt(text.length - 1))
      ? "-"
      : text.length === 1 || isBreak(text.charCodeAt(text.length - 2))
      ? "+"
      : "";
    if (chomp !== "") this.#writeIndicator(chomp, false, false, false);
    this.#out += "\n";
    // Literal text is printable BMP text: one code unit per column. Empty lines get no indent.
    let column = 0;
    let start = 0;
    let breaks = true;
    for (let i = 0; i < text.length; i++) {
      if (isBreak(text.charCodeAt(i))) {
        // A `\n` is written as is; U+2028/U+2029 are written and only restart the column.
        column = 0;
        breaks = true;
      } else {
        if (breaks) {
          this.#out += text.slice(start, i);
          this.#column = column;
          this.#padLine();
          column = this.#column;
          start = i;
          breaks = false;
        }
        column++;
      }
    }
    this.#out += text.slice(start);
    this.#column = column;
    this.#whitespace = true;
    this.#indention = breaks;
  }

  /** libyaml's write_indent: a line break unless already at a fresh indent, then the indent. */
  #writeIndent(): void {
    const indent = Math.max(this.#indent, 0);
    if (
      !this.#indention || this.#column > indent ||
      (this.#column === indent && !this.#whitespace)
    ) {
      this.#out += "\n";
      this.#column = 0;
    }
    this.#padLine();
    this.#whitespace = true;
    this.#indention = true;
  }

  /** libyaml's write_indicator. */
  #writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.#whitespace) this.#put(" ");
    this.#put(indicator);
    this.#whitespace = isWhitespace;
    this.#indention &&= isIndention;
  }

  /** A fold inside a scalar: the line was already written past the indent, so it always breaks. */
  #foldLine(): void {
    this.#out += "\n";
    this.#column = 0;
    this.#padLine();
  }

  /** Spaces up to the current indent. */
  #padLine(): void {
    const indent = this.#indent;
    if (this.#column < indent) {
      this.#out += spaces(indent - this.#column);
      this.#column = indent;
    }
  }

  /** ASCII text on the current line. */
  #put(text: string): void {
    this.#out += text;
    this.#column += text.length;
  }
}

const SPACES: string[] = [];

function spaces(count: number): string {
  return SPACES[count] ??= " ".repeat(count);
}

function prepareScalar(value: ScalarValue): Scalar {
  if (typeof value === "string") return prepareString(value);
  if (value instanceof Expression) return prepareString(value.source);
  if (value instanceof Uint8Array) {
    const text = base64Lines(value);
    return {
      text,
      tag: "!!binary",
      style: text.includes("\n") ? LITERAL : PLAIN,
      flags: analyze(text),
    };
  }
  return { text: plainText(value), tag: "", style: PLAIN, flags: ALL_OK };
}

/** The encoder's style request (encode.go stringv) and the emitter's analysis of a string. */
function prepareString(text: string): Scalar {
  if (isOrdinary(text)) {
    return {
      text,
      tag: "",
      style: resolvesToNonString(text) ? DOUBLE_QUOTED : PLAIN,
      flags: ALL_OK,
    };
  }
  const style = resolvesToNonString(text) || isBase60Float(text)
    ? DOUBLE_QUOTED
    : text.includes("\n")
    ? LITERAL
    : PLAIN;
  return { text, tag: "", style, flags: analyze(text) };
}

function plainText(value: null | boolean | number | bigint | Float): string {
  if (!(value instanceof Float)) return String(value);
  const text = formatFloat(value.value);
  return text === "+Inf" ? ".inf" : text === "-Inf" ? "-.inf" : text === "NaN" ? ".nan" : text;
}

/** go-yaml's `!!binary` text: base64 in lines of 70 characters, each ending in `\n` if several. */
function base64Lines(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  const encoded = btoa(binary);
  if (encoded.length < 70) return encoded;
  let lines = "";
  for (let i = 0; i < encoded.length; i += 70) lines += encoded.slice(i, i + 70) + "\n";
  return lines;
}

function isSimpleKey({ text, tag, flags }: Scalar): boolean {
  if (flags & MULTILINE) return false;
  // A UTF-16 code unit is at most 3 UTF-8 bytes; count exactly only for long keys.
  if ((text.length + tag.length) * 3 <= MAX_SIMPLE_KEY) return true;
  let bytes = tag.length;
  for (let i = 0; i < text.length && bytes <= MAX_SIMPLE_KEY; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair
      i++;
    } else bytes += 3;
  }
  return bytes <= MAX_SIMPLE_KEY;
}

// Characters of "ordinary" strings: letters, digits, `-_./` and space.
const ORDINARY = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./ ") {
  ORDINARY[c.charCodeAt(0)] = 1;
}

/**
 * Fast path: true for non-empty text of ordinary characters with no leading or trailing space that
 * cannot start with an indicator (`- `, `-` alone, `---`, `...`). libyaml's analysis of such text
 * allows every style.
 */
function isOrdinary(text: string): boolean {
  const n = text.length;
  if (n === 0 || text.charCodeAt(0) === 0x20 || text.charCodeAt(n - 1) === 0x20) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ORDINARY[c] === 0) return false;
  }
  const first = text.charCodeAt(0);
  if (first === 0x2d) return n > 1 && text.charCodeAt(1) !== 0x20 && !text.startsWith("---");
  return first !== 0x2e || !text.startsWith("...");
}

// Characters that make a plain scalar impossible when they come first.
const FIRST_INDICATORS = new Set([..."#,[]{}&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));

/** libyaml's analyze_scalar for block context, as flags. */
function analyze(text: string): number {
  const n = text.length;
  if (n === 0) return PLAIN_OK | SINGLE_OK;
  let indicators = text.startsWith("---") || text.startsWith("...");
  let special = false;
  let lineBreaks = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!indicators) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0x20;
      const followedByWhitespace = next === 0x20 || next === 0x09;
      if (i === 0) {
        indicators = FIRST_INDICATORS.has(c) ||
          ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWhitespace);
      } else {
        indicators = (c === 0x3a && followedByWhitespace) || (c === 0x23 && precededByWhitespace);
      }
    }
    if (c === 0x20) {
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
      precededByWhitespace = true;
      continue;
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) {
      lineBreaks = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
      precededByWhitespace = true;
    } else {
      previousSpace = false;
      previousBreak = false;
      precededByWhitespace = c === 0x09 || c === 0;
    }
  }
  const first = text.charCodeAt(0);
  const end = text.charCodeAt(n - 1);
  let plain = true;
  let single = true;
  let block = true;
  if (first === 0x20 || isBreak(first) || end === 0x20 || isBreak(end)) plain = false;
  if (end === 0x20) block = false;
  if (breakSpace) plain = single = false;
  if (spaceBreak || special) plain = single = block = false;
  if (lineBreaks || indicators) plain = false;
  return (lineBreaks ? MULTILINE : 0) | (plain ? PLAIN_OK : 0) | (single ? SINGLE_OK : 0) |
    (block ? BLOCK_OK : 0);
}

/** libyaml's is_break: `\n`, `\r`, U+0085, U+2028, U+2029. */
function isBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** libyaml's is_printable: `\n`, U+20–U+7E, U+A0–U+D7FF, U+E000–U+FFFD except U+FEFF. */
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

const NAMED_ESCAPES: Record<number, string> = {
  0x00: "\\0",
  0x07: "\\a",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0b: "\\v",
  0x0c: "\\f",
  0x0d: "\\r",
  0x1b: "\\e",
  0x22: '\\"',
  0x5c: "\\\\",
  0x85: "\\N",
  0xa0: "\\_",
  0x2028: "\\L",
  0x2029: "\\P",
};

/** A double-quoted escape: named, else `\xXX`, `\uXXXX` or `\UXXXXXXXX` in uppercase hex. */
function escapeChar(code: number): string {
  const named = NAMED_ESCAPES[code];
  if (named !== undefined) return named;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return "\\x" + hex.padStart(2, "0");
  if (code <= 0xffff) return "\\u" + hex.padStart(4, "0");
  return "\\U" + hex.padStart(8, "0");
}
