/**
 * The lexer of the `(( ... ))` expression language, and its error type.
 *
 * A reference (`meta.name`, `jobs[name=web].ips.0`, `$.a`, `a.$ENV.b`, `colors[pick]`) is lexed
 * as one token carrying its parsed path, since what may follow a name inside a path (`-`, `+x`,
 * `=v`, `[`) means something else between tokens.
 *
 * @module
 */

import {
  type BinaryOperator,
  type DynamicSegment,
  type EnvSegment,
  isName,
  isNamePart,
  isNameStart,
  type PathPart,
  type RefNode,
  type Span,
} from "./ast.ts";

/** The punctuation and operator tokens; each token's `type` is its text. */
export type Punctuator =
  | "("
  | ")"
  | "["
  | "]"
  | "{"
  | "}"
  | ","
  | ":"
  | "?"
  | "@"
  | "!"
  | "~"
  | "||"
  | BinaryOperator;

/** A reference; `word` is its text when it is a single plain name (an operator or keyword). */
export interface PathToken extends Span {
  readonly type: "path";
  readonly ref: RefNode;
  readonly word: string | undefined;
}

/** A quoted string, escapes resolved. */
export interface StringToken extends Span {
  readonly type: "string";
  readonly value: string;
}

/** `$NAME` or `${NAME}` not followed by a path segment. */
export interface EnvToken extends Span {
  readonly type: "env";
  readonly name: string;
}

/**
 * A number (its text is validated, its value is the parser's business), a punctuator, a single
 * character the language does not use (`other`), or the end of the input (`eof`).
 */
export interface SimpleToken extends Span {
  readonly type: "number" | "other" | "eof" | Punctuator;
}

/** A token; its span is relative to the whole source text. */
export type Token = PathToken | StringToken | EnvToken | SimpleToken;

/** A syntax error in an expression, at an exact place of its text. */
export class ParseError extends SyntaxError {
  /** The expression text the offsets refer to. */
  readonly source: string;
  /** Offset of the offending token in `source`. */
  readonly offset: number;
  /** Offset just past the offending token. */
  readonly end: number;
  /** 1-based line of `offset` within `source`. */
  readonly line: number;
  /** 1-based column of `offset` within its line. */
  readonly column: number;

  constructor(message: string, source: string, span: Span) {
    super(message);
    this.name = "ParseError";
    this.source = source;
    this.offset = span.start;
    this.end = Math.max(span.end, span.start);
    const lineStart = source.lastIndexOf("\n", span.start - 1) + 1;
    let line = 1;
    for (let i = source.indexOf("\n"); i >= 0 && i < lineStart; i = source.indexOf("\n", i + 1)) {
      line++;
    }
    this.line = line;
    this.column = span.start - lineStart + 1;
  }

  /** The offending line with a caret under the bad token, as {@link caretSnippet} draws it. */
  snippet(): string {
    return caretSnippet(this.source, { start: this.offset, end: this.end });
  }
}

/**
 * The line of `source` holding `span.start`, and under it a `^` for each character of the span
 * on that line (at least one).
 *
 * @example
 * ```ts ignore
 * caretSnippet("(( grab a ) ))", { start: 10, end: 11 });
 * // (( grab a ) ))
 * //           ^
 * ```
 */
export function caretSnippet(source: string, span: Span): string {
  const lineStart = source.lastIndexOf("\n", span.start - 1) + 1;
  let lineEnd = source.indexOf("\n", span.start);
  if (lineEnd < 0) lineEnd = source.length;
  const line = source.slice(lineStart, lineEnd).replace(/\r$/, "");
  const pad = source.slice(lineStart, span.start).replace(/[^\t]/g, " ");
  const width = Math.max(1, Math.min(span.end, line.length + lineStart) - span.start);
  return `${line}\n${pad}${"^".repeat(width)}`;
}

/** The part of a text to tokenize. */
export interface TokenizeOptions {
  /** @default 0 */
  start?: number;
  /** @default the text's length */
  end?: number;
}

/**
 * Splits expression text into tokens, ending with an `eof` token. Offsets stay relative to the
 * whole `source`, also when only part of it is tokenized.
 *
 * @example
 * ```ts ignore
 * tokenize('grab a.b || "x"').map((t) => t.type);
 * // ["path", "path", "||", "string", "eof"]
 * ```
 * @throws {ParseError} for an unterminated string, a malformed number, environment variable or
 *   path, or paths nested too deep
 */
export function tokenize(source: string, options: TokenizeOptions = {}): Token[] {
  return new Lexer(source, options.start ?? 0, options.end ?? source.length).tokens();
}

const MAX_DEPTH = 64;

const TAB = 9;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const DOLLAR = 36;
const AMP = 38;
const SQUOTE = 39;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LT = 60;
const EQ = 61;
const GT = 62;
const UPPER_E = 69;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LOWER_E = 101;
const LOWER_N = 110;
const LOWER_R = 114;
const LOWER_T = 116;
const LBRACE = 123;
const PIPE = 124;

/** Single-character punctuators by char code. */
const SINGLE: ReadonlyMap<number, Punctuator> = new Map(
  (["(", ")", "[", "]", "{", "}", ",", ":", "?", "@", "~", "+", "-", "*", "/", "%"] as const)
    .map((p) => [p.charCodeAt(0), p]),
);

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isSpace(code: number): boolean {
  return code === SPACE || (code >= TAB && code <= 13) || code === 0xa0 || code === 0xfeff;
}

class Lexer {
  readonly #source: string;
  readonly #end: number;
  #pos: number;
  #depth = 0;

  constructor(source: string, start: number, end: number) {
    this.#source = source;
    this.#pos = start;
    this.#end = end;
  }

  tokens(): Token[] {
    const tokens: Token[] = [];
    for (;;) {
      const token = this.#token();
      tokens.push(token);
      if (token.type === "eof") return tokens;
    }
  }

  /** The code unit at `pos`, or -1 past the end. */
  #at(pos: number): number {
    return pos < this.#end ? this.#source.charCodeAt(pos) : -1;
  }

  /** The code point at `pos` (a whole surrogate pair), or -1 past the end. */
  #pointAt(pos: number): number {
    return pos < this.#end ? this.#source.codePointAt(pos)! : -1;
  }

  #error(message: string, start: number, end = start + 1): ParseError {
    return new ParseError(message, this.#source, { start, end: Math.min(end, this.#end) });
  }

  #token(): Token {
    let pos = this.#pos;
    while (pos < this.#end && isSpace(this.#source.charCodeAt(pos))) pos++;
    this.#pos = pos;
    const c = this.#at(pos);
    if (c < 0) return { type: "eof", start: pos, end: pos };
    if (c === DQUOTE || c === SQUOTE) return this.#string();
    if (isDigit(c) || (c === DOT && isDigit(this.#at(pos + 1)))) return this.#number();
    if (c === DOLLAR || isNameStart(this.#pointAt(pos))) {
      const ref = this.#path();
      const env = soleEnv(ref);
      return env === undefined
        ? this.#pathToken(ref)
        : { type: "env", name: env.env, start: ref.start, end: ref.end };
    }
    return this.#punctuator(c);
  }

  #punctuator(c: number): SimpleToken {
    const start = this.#pos;
    const next = this.#at(start + 1);
    let type: SimpleToken["type"] | undefined;
    if (next === EQ && (c === BANG || c === EQ || c === LT || c === GT)) {
      type = c === BANG ? "!=" : c === EQ ? "==" : c === LT ? "<=" : ">=";
    } else if (c === AMP && next === AMP) type = "&&";
    else if (c === PIPE && next === PIPE) type = "||";
    else if (c === BANG) type = "!";
    else if (c === LT) type = "<";
    else if (c === GT) type = ">";
    else type = SINGLE.get(c);
    const length = type === undefined ? (c >= 0xd800 && c <= 0xdbff ? 2 : 1) : type.length;
    this.#pos = start + length;
    return { type: type ?? "other", start, end: this.#pos };
  }

  #pathToken(ref: RefNode): PathToken {
    const [part] = ref.path;
    const word =
      ref.path.length === 1 && typeof part === "string" && part.length === ref.text.length
        ? part
        : undefined;
    return { type: "path", ref, word, start: ref.start, end: ref.end };
  }

  #string(): StringToken {
    const source = this.#source;
    const start = this.#pos;
    const quote = source.charCodeAt(start);
    let value = "";
    let chunk = start + 1;
    for (let pos = chunk; pos < this.#end;) {
      const c = source.charCodeAt(pos);
      if (c === quote) {
        this.#pos = pos + 1;
        return { type: "string", value: value + source.slice(chunk, pos), start, end: pos + 1 };
      }
      if (c !== BACKSLASH || pos + 1 >= this.#end) {
        pos++;
        continue;
      }
      value += source.slice(chunk, pos);
      const escaped = source.charCodeAt(pos + 1);
      if (escaped === LOWER_N) value += "\n";
      else if (escaped === LOWER_R) value += "\r";
      else if (escaped === LOWER_T) value += "\t";
      else if (escaped === BACKSLASH || escaped === DQUOTE || escaped === SQUOTE) {
        value += source[pos + 1];
      } else value += source.slice(pos, pos + 2);
      pos += 2;
      chunk = pos;
    }
    throw this.#error("unterminated string", start, this.#end);
  }

  #number(): SimpleToken {
    const start = this.#pos;
    let pos = start;
    while (isDigit(this.#at(pos))) pos++;
    if (this.#at(pos) === DOT && isDigit(this.#at(pos + 1))) {
      pos += 2;
      while (isDigit(this.#at(pos))) pos++;
    }
    const e = this.#at(pos);
    if (e === LOWER_E || e === UPPER_E) {
      const sign = this.#at(pos + 1);
      const digits = sign === PLUS || sign === MINUS ? pos + 2 : pos + 1;
      if (isDigit(this.#at(digits))) {
        pos = digits;
        while (isDigit(this.#at(pos))) pos++;
      }
    }
    const after = this.#at(pos);
    if (after === DOT || (after !== MINUS && after >= 0 && isNamePart(this.#pointAt(pos)))) {
      while (this.#at(pos) === DOT || (this.#at(pos) >= 0 && isNamePart(this.#pointAt(pos)))) {
        pos++;
      }
      const text = this.#source.slice(start, pos);
      throw this.#error(`invalid number '${text}' (quote it to make a string)`, start, pos);
    }
    this.#pos = pos;
    return { type: "number", start, end: pos };
  }

  /** The end of the name at `pos`: name characters, and `+` when a name start follows. */
  #nameEnd(pos: number): number {
    for (;;) {
      const c = this.#pointAt(pos);
      if (c >= 0 && isNamePart(c)) pos += c > 0xffff ? 2 : 1;
      else if (c === PLUS && isNameStart(this.#pointAt(pos + 1))) pos++;
      else return pos;
    }
  }

  /** A reference starting at the current position: a name, `$NAME` or `$.`, then segments. */
  #path(): RefNode {
    const source = this.#source;
    const start = this.#pos;
    const path: PathPart[] = [];
    if (this.#at(start) !== DOLLAR) {
      this.#pos = this.#nameEnd(start);
      path.push(source.slice(start, this.#pos));
    } else if (this.#at(start + 1) === DOT) {
      this.#pos = start + 1; // `$.`: the document root, then a segment is required
    } else {
      path.push(this.#env());
    }
    for (;;) {
      const c = this.#at(this.#pos);
      if (c === LBRACKET) {
        path.push(this.#bracket());
      } else if (c === DOT) {
        const next = this.#pointAt(this.#pos + 1);
        if (next === LBRACKET) {
          this.#pos++;
        } else if (next === DOLLAR) {
          this.#pos++;
          path.push(this.#env());
        } else if (next >= 0 && (isNameStart(next) || isDigit(next))) {
          path.push(this.#segment(this.#pos + 1));
        } else {
          throw this.#error("expected a key or an index after '.'", this.#pos + 1);
        }
      } else {
        break;
      }
    }
    return { kind: "ref", path, text: source.slice(start, this.#pos), start, end: this.#pos };
  }

  /** A dotted segment at `start`: an index, a name, or a `field=value` match. */
  #segment(start: number): PathPart {
    const source = this.#source;
    const end = this.#nameEnd(start);
    const text = source.slice(start, end);
    this.#pos = end;
    const after = this.#at(end + 1);
    if (this.#at(end) === EQ && after !== EQ && (isDigit(after) || isNameStart(after))) {
      this.#pos = this.#nameEnd(end + 1);
      return { field: text, value: source.slice(end + 1, this.#pos) };
    }
    return indexOrKey(text);
  }

  /** `$NAME` or `${NAME}` at the current position. */
  #env(): EnvSegment {
    const source = this.#source;
    const start = this.#pos;
    if (this.#at(start + 1) === LBRACE) {
      const close = source.indexOf("}", start + 2);
      if (close < 0 || close >= this.#end) {
        throw this.#error("unterminated environment variable '${'", start, start + 2);
      }
      const name = source.slice(start + 2, close);
      if (!isName(name)) {
        throw this.#error(`invalid environment variable name '${name}'`, start, close + 1);
      }
      this.#pos = close + 1;
      return { env: name };
    }
    if (!isNameStart(this.#pointAt(start + 1))) {
      throw this.#error("expected a variable name after '$'", start);
    }
    let end = start + 1;
    for (let c = this.#pointAt(end); c >= 0 && isNamePart(c); c = this.#pointAt(end)) {
      end += c > 0xffff ? 2 : 1;
    }
    this.#pos = end;
    return { env: source.slice(start + 1, end) };
  }

  /**
   * A `[...]` segment: `[0]`, `["key"]`, `[field=value]`, or a path whose value is the key
   * (`[pick]`, `[$VAR]` is the same as `.$VAR`).
   */
  #bracket(): PathPart {
    const source = this.#source;
    const open = this.#pos;
    if (++this.#depth > MAX_DEPTH) {
      throw this.#error(`expression nesting too deep (max ${MAX_DEPTH})`, open);
    }
    const start = open + 1;
    const c = this.#at(start);
    let part: PathPart | undefined;
    if (isDigit(c)) {
      let end = start;
      while (isDigit(this.#at(end))) end++;
      this.#pos = end;
      part = indexOrKey(source.slice(start, end));
    } else if (c === DQUOTE || c === SQUOTE) {
      this.#pos = start;
      part = this.#string().value;
    } else if (c === DOLLAR || (c >= 0 && isNameStart(this.#pointAt(start)))) {
      const nameEnd = c === DOLLAR ? start : this.#nameEnd(start);
      if (nameEnd > start && this.#at(nameEnd) === EQ && this.#at(nameEnd + 1) !== EQ) {
        part = { field: source.slice(start, nameEnd), value: this.#matchValue(nameEnd + 1) };
      } else {
        this.#pos = start;
        const ref = this.#path();
        part = soleEnv(ref) ?? { ref } satisfies DynamicSegment;
      }
    } else {
      throw this.#error("expected an index, a key or a path after '['", start);
    }
    if (this.#at(this.#pos) !== RBRACKET) {
      throw this.#error("expected ']' to close the '['", this.#pos);
    }
    this.#pos++;
    this.#depth--;
    return part;
  }

  /** The value of a bracketed `[field=value]`: a quoted string, or the text up to `]`. */
  #matchValue(start: number): string {
    const c = this.#at(start);
    this.#pos = start;
    if (c === DQUOTE || c === SQUOTE) return this.#string().value;
    let end = start;
    for (; end < this.#end; end++) {
      const d = this.#source.charCodeAt(end);
      if (d === RBRACKET || d === LBRACKET || isSpace(d)) break;
    }
    if (end === start) throw this.#error("expected a value after '='", start);
    this.#pos = end;
    return this.#source.slice(start, end);
  }
}

/** The variable of a reference that is only `$NAME` or `${NAME}`. */
function soleEnv(ref: RefNode): EnvSegment | undefined {
  const [part] = ref.path;
  const env = ref.path.length === 1 && typeof part === "object" && "env" in part;
  return env && ref.text[1] !== "." ? part : undefined;
}

/** A canonical decimal that is a safe integer becomes an index; anything else stays a key. */
function indexOrKey(text: string): string | number {
  const code = text.charCodeAt(0);
  if (!isDigit(code)) return text;
  const index = Number(text);
  return Number.isSafeInteger(index) && String(index) === text ? index : text;
}
