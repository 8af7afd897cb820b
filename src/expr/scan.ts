/**
 * The source scanner: finds the `(( ... ))` expressions written in value positions of a YAML text,
 * as users write them rather than as YAML allows, before the text is parsed.
 *
 * Users write expressions that plain YAML cannot hold: spanning lines, or containing `: `, ` #`,
 * or (inside a flow collection) `,` and brackets. The scanner follows the YAML structure just
 * enough to know where a value starts (never inside quoted or block scalars or comments), reads each
 * expression with balanced parentheses and its own `"..."`/`'...'` strings, and replaces the ones
 * YAML would misread with an equivalent double-quoted scalar on one line. Line breaks follow the
 * quoted scalar, so every later line keeps its number, and the rest of the expression's last line
 * keeps its column.
 *
 * @module
 */

/** Where one scalar that starts with `((` is written. */
export interface ExpressionSite {
  /** Offset of the `((` in {@link ExpressionScan.text}. */
  readonly offset: number;
  /** 1-based line of the `((` in the original text. */
  readonly line: number;
  /** 1-based column of the `((` in the original text. */
  readonly column: number;
}

/** The outcome of {@link scanExpressions}. */
export interface ExpressionScan {
  /** The text to parse: the input, with the expressions YAML would misread quoted. */
  readonly text: string;
  /** True when `text` differs from the input. */
  readonly rewritten: boolean;
  /**
   * Every plain, quoted or block scalar that starts with `((`, in text order. Keys are not
   * included, except in flow mappings, where a key without a value cannot be told apart.
   */
  readonly sites: readonly ExpressionSite[];
}

/**
 * Finds the expressions of a YAML text and rewrites the ones plain YAML would misread.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const scan = scanExpressions('k: (( grab a || "x: y" ))\n');
 * assert.equal(scan.text, 'k: "(( grab a || \\"x: y\\" ))"\n');
 * assert.deepEqual(scan.sites, [{ offset: 4, line: 1, column: 4 }]);
 * ```
 */
export function scanExpressions(text: string): ExpressionScan {
  if (!text.includes("((")) return { text, rewritten: false, sites: [] };
  return new ExpressionScanner(text).scan();
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const DQUOTE = 0x22;
const HASH = 0x23;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
const SQUOTE = 0x27;
const LPAREN = 0x28;
const RPAREN = 0x29;
const STAR = 0x2a;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const GT = 0x3e;
const QUESTION = 0x3f;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const PIPE = 0x7c;
const RBRACE = 0x7d;

/** The ASCII characters that may end a plain scalar: line breaks, `:`, `#`, flow indicators. */
const PLAIN_STOPS = new Uint8Array(0x80);
for (const c of [LF, CR, COLON, HASH, COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]) {
  PLAIN_STOPS[c] = 1;
}

/** No indentation recorded. */
const NONE = -2;

function isBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** Space, tab, line break or end of text (`NaN`). */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** An expression as one double-quoted YAML scalar: breaks and their indentation become a space. */
function quoteExpression(source: string): string {
  const line = source.replace(/[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)+/g, " ");
  return `"${line.replace(/[\\"]/g, "\\$&")}"`;
}

/** A block scalar being skipped. */
interface BlockScalar {
  /** Its content lines are indented more than this. */
  readonly parent: number;
  /** The content indentation, once known (from the header or the first content line). */
  indent: number;
  /** True until the first content line is seen. */
  first: boolean;
}

/** One pass over a text; see {@link scanExpressions}. */
class ExpressionScanner {
  readonly #text: string;
  #pos = 0;
  /** 1-based number and start offset of the line holding `#pos`. */
  #line = 1;
  #lineStart = 0;

  /** The rewritten text so far: chunks, the input offset copied up to, and output − input. */
  readonly #chunks: string[] = [];
  #copied = 0;
  #shift = 0;
  readonly #sites: ExpressionSite[] = [];

  /** Nesting depth of flow collections. */
  #flow = 0;
  /** True where a node may start. */
  #expectNode = true;
  /** After `?`: the node is a key, never an expression. */
  #keyOnly = false;
  /** In block context, a node starting at `#pos` belongs to content indented more than this. */
  #parent = -1;
  /** The column of the last node started, so a `:` after it knows its key's indentation. */
  #nodeColumn = 0;
  /** A plain scalar that ran to the end of its line may continue on lines indented more. */
  #plainParent = NONE;
  #block: BlockScalar | null = null;

  constructor(text: string) {
    this.#text = text;
  }

  scan(): ExpressionScan {
    const text = this.#text;
    this.#startLine();
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (isBreak(c)) {
        this.#consumeBreak();
        this.#startLine();
      } else if (c === SPACE || c === TAB) {
        this.#pos++;
      } else if (c === HASH) {
        this.#skipToBreak();
      } else if (c === COLON && (this.#flow > 0 || isBlank(text.charCodeAt(this.#pos + 1)))) {
        this.#parent = this.#expectNode ? this.#pos - this.#lineStart : this.#nodeColumn;
        this.#expectNode = true;
        this.#keyOnly = false;
        this.#pos++;
      } else if (this.#flow > 0 && c === COMMA) {
        this.#expectNode = true;
        this.#keyOnly = false;
        this.#pos++;
      } else if (this.#flow > 0 && (c === RBRACKET || c === RBRACE)) {
        this.#flow--;
        this.#expectNode = false;
        this.#pos++;
      } else if (this.#expectNode) {
        this.#readNode(c);
      } else {
        this.#pos++;
      }
    }
    if (this.#chunks.length === 0) return { text, rewritten: false, sites: this.#sites };
    this.#chunks.push(text.slice(this.#copied));
    return { text: this.#chunks.join(""), rewritten: true, sites: this.#sites };
  }

  /** Handles the start of a line: block scalar content, markers, directives, plain continuations. */
  #startLine(): void {
    const text = this.#text;
    for (;;) {
      let p = this.#pos;
      while (text.charCodeAt(p) === SPACE) p++;
      const indent = p - this.#pos;
      const c = text.charCodeAt(p);
      const blank = p >= text.length || isBreak(c);
      const block = this.#block;
      if (block !== null) {
        if (block.indent < 0 && !blank && indent > block.parent) block.indent = indent;
        if (blank || (block.indent >= 0 && indent >= block.indent)) {
          if (!blank && block.first) {
            block.first = false;
            if (this.#startsExpression(p)) this.#addSite(p);
          }
          if (!this.#skipLine()) return;
          continue;
        }
        this.#block = null;
      }
      if (indent === 0 && this.#isDocumentMarker(p)) {
        this.#flow = 0;
        this.#plainParent = NONE;
        this.#expectNode = true;
        this.#keyOnly = false;
        this.#parent = -1;
        this.#pos = p + 3;
        return;
      }
      this.#pos = p;
      if (this.#flow > 0) return;
      if (indent === 0 && c === PERCENT) {
        if (!this.#skipLine()) return;
        continue;
      }
      if (this.#plainParent !== NONE && !blank) {
        if (indent > this.#plainParent && c !== HASH) {
          this.#nodeColumn = indent;
          if (!this.#readPlain()) this.#plainParent = NONE;
          this.#expectNode = false;
          return;
        }
        this.#plainParent = NONE;
      }
      this.#expectNode = true;
      this.#keyOnly = false;
      this.#parent = indent - 1;
      return;
    }
  }

  /** Reads a node (or a property or indicator before one) starting with `c` at `#pos`. */
  #readNode(c: number): void {
    const text = this.#text;
    const next = text.charCodeAt(this.#pos + 1);
    this.#nodeColumn = this.#pos - this.#lineStart;
    switch (c) {
      case DASH:
        if (this.#flow === 0 && isBlank(next)) {
          this.#parent = this.#nodeColumn;
          this.#pos++;
          return;
        }
        break;
      case QUESTION:
        if (isBlank(next)) {
          this.#keyOnly = true;
          this.#pos++;
          return;
        }
        break;
      case BANG:
      case AMPERSAND:
        this.#skipToken();
        return;
      case STAR:
        this.#skipToken();
        this.#endNode();
        return;
      case DQUOTE:
      case SQUOTE:
        this.#readQuoted(c);
        this.#endNode();
        return;
      case PIPE:
      case GT:
        if (this.#flow === 0) {
          this.#startBlockScalar();
          this.#endNode();
          return;
        }
        break;
      case LBRACKET:
      case LBRACE:
        this.#flow++;
        this.#keyOnly = false;
        this.#pos++;
        return;
      case LPAREN:
        if (next === LPAREN && !this.#keyOnly && this.#readExpression()) {
          this.#endNode();
          return;
        }
        break;
    }
    if (this.#readPlain() && this.#flow === 0) this.#plainParent = this.#parent;
    this.#endNode();
  }

  #endNode(): void {
    this.#expectNode = false;
    this.#keyOnly = false;
  }

  /**
   * Reads a plain scalar up to `: `, ` #`, the end of the line or (in a flow collection) a flow
   * indicator. True when it ran to the end of the line.
   */
  #readPlain(): boolean {
    const text = this.#text;
    const flow = this.#flow > 0;
    let p = this.#pos;
    for (; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c >= 0x80 || PLAIN_STOPS[c] === 0) continue;
      if (isBreak(c)) break;
      const stop = c === COLON
        ? isBlank(text.charCodeAt(p + 1)) || (flow && isFlowIndicator(text.charCodeAt(p + 1)))
        : c === HASH
        ? text.charCodeAt(p - 1) === SPACE || text.charCodeAt(p - 1) === TAB
        : flow;
      if (stop) {
        this.#pos = p;
        return false;
      }
    }
    this.#pos = p;
    return true;
  }

  /** Reads a quoted scalar, noting a site when its content starts with `((`. */
  #readQuoted(quote: number): void {
    const text = this.#text;
    let p = this.#pos + 1;
    while (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB) p++;
    if (this.#startsExpression(p)) this.#addSite(p);
    this.#pos++;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (isBreak(c)) {
        this.#consumeBreak();
      } else if (c === quote) {
        this.#pos++;
        if (quote === DQUOTE || text.charCodeAt(this.#pos) !== SQUOTE) return;
        this.#pos++;
      } else if (c === BACKSLASH && quote === DQUOTE && !isBreak(text.charCodeAt(this.#pos + 1))) {
        this.#pos += 2;
      } else {
        this.#pos++;
      }
    }
  }

  /** Reads a block scalar header (`|`, `>`, indicators); its content is skipped line by line. */
  #startBlockScalar(): void {
    const text = this.#text;
    let explicit = 0;
    for (this.#pos++; this.#pos < text.length; this.#pos++) {
      const c = text.charCodeAt(this.#pos);
      if (c > 0x30 && c <= 0x39) explicit = c - 0x30;
      else if (c !== 0x2b && c !== DASH) break;
    }
    const parent = this.#parent;
    this.#block = { parent, indent: explicit > 0 ? parent + explicit : -1, first: true };
  }

  /**
   * Reads an expression at `#pos` (on `((`): balanced parentheses, strings respected, across lines
   * indented more than its parent (or starting with a closing bracket). It must end in `))`
   * followed by nothing but a comment, or a flow indicator inside a flow collection. Quotes it
   * when plain YAML would misread it. False (nothing consumed) when it is not an expression.
   */
  #readExpression(): boolean {
    const text = this.#text;
    const start = this.#pos;
    const line = this.#line;
    const lineStart = this.#lineStart;
    const flow = this.#flow > 0;
    let depth = 0;
    let closedAt = -1;
    let quote = 0;
    let breaks = 0;
    let misread = false;
    let p = start;
    for (;; p++) {
      if (p >= text.length) return this.#restore(start, line, lineStart);
      const c = text.charCodeAt(p);
      if (isBreak(c)) {
        this.#pos = p;
        this.#consumeBreak();
        if (!this.#continuesExpression()) return this.#restore(start, line, lineStart);
        p = this.#pos - 1;
        breaks++;
        continue;
      }
      if (c === COLON) {
        const after = text.charCodeAt(p + 1);
        misread ||= after === SPACE || after === TAB || (flow && isFlowIndicator(after));
      } else if (c === HASH) {
        const before = text.charCodeAt(p - 1);
        misread ||= before === SPACE || before === TAB;
      } else if (flow && isFlowIndicator(c)) {
        misread = true;
      }
      if (quote !== 0) {
        if (c === quote) quote = 0;
        else if (c === BACKSLASH && !isBreak(text.charCodeAt(p + 1))) p++;
      } else if (c === DQUOTE || c === SQUOTE) {
        quote = c;
      } else if (c === LPAREN) {
        depth++;
      } else if (c === RPAREN) {
        depth--;
        if (depth === 1) closedAt = p;
        if (depth === 0) break;
      }
    }
    const end = p + 1;
    if (closedAt !== p - 1 || !this.#endsValue(end)) return this.#restore(start, line, lineStart);
    const rewrite = breaks > 0 || misread;
    const site = {
      offset: start + this.#shift + (rewrite ? 1 : 0),
      line,
      column: start - lineStart + 1,
    };
    this.#sites.push(site);
    if (rewrite) {
      const pad = breaks > 0 ? "\n".repeat(breaks) + " ".repeat(end - this.#lineStart) : "";
      const quoted = quoteExpression(text.slice(start, end)) + pad;
      this.#chunks.push(text.slice(this.#copied, start), quoted);
      this.#copied = end;
      this.#shift += quoted.length - (end - start);
    }
    this.#pos = end;
    return true;
  }

  /** Undoes the position and line bookkeeping of a failed {@link #readExpression}. */
  #restore(start: number, line: number, lineStart: number): false {
    this.#pos = start;
    this.#line = line;
    this.#lineStart = lineStart;
    return false;
  }

  /**
   * At the start of a line inside an expression: true when the expression may go on here (a blank
   * line, a line indented more than its parent, or one starting with a closing bracket).
   */
  #continuesExpression(): boolean {
    const text = this.#text;
    let p = this.#pos;
    while (text.charCodeAt(p) === SPACE) p++;
    const c = text.charCodeAt(p);
    if (p >= text.length) return false;
    if (isBreak(c)) return true;
    if (p === this.#pos && this.#isDocumentMarker(p)) return false;
    return this.#flow > 0 || p - this.#pos > this.#parent || c === RPAREN || c === RBRACKET ||
      c === RBRACE;
  }

  /** True when only blanks and a comment (or a flow indicator in a flow collection) follow `p`. */
  #endsValue(p: number): boolean {
    const text = this.#text;
    let q = p;
    while (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB) q++;
    const c = text.charCodeAt(q);
    if (q >= text.length || isBreak(c)) return true;
    if (c === HASH) return q > p;
    return this.#flow > 0 && (c === COMMA || c === RBRACKET || c === RBRACE);
  }

  /** True when `p` starts `((`. */
  #startsExpression(p: number): boolean {
    return this.#text.charCodeAt(p) === LPAREN && this.#text.charCodeAt(p + 1) === LPAREN;
  }

  /** Notes a site at input offset `p` on the current line. */
  #addSite(p: number): void {
    this.#sites.push({
      offset: p + this.#shift,
      line: this.#line,
      column: p - this.#lineStart + 1,
    });
  }

  /** True when a `---` or `...` marker starts at `p` (a line start). */
  #isDocumentMarker(p: number): boolean {
    const text = this.#text;
    const c = text.charCodeAt(p);
    return (c === DASH || c === DOT) && text.charCodeAt(p + 1) === c &&
      text.charCodeAt(p + 2) === c && isBlank(text.charCodeAt(p + 3));
  }

  /** Skips a tag, anchor or alias name. */
  #skipToken(): void {
    const text = this.#text;
    let p = this.#pos + 1;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (isBlank(c) || (this.#flow > 0 && isFlowIndicator(c))) break;
      p++;
    }
    this.#pos = p;
  }

  /** Moves to the line break ending the current line (or the end of the text). */
  #skipToBreak(): void {
    const text = this.#text;
    let p = this.#pos;
    while (p < text.length && !isBreak(text.charCodeAt(p))) p++;
    this.#pos = p;
  }

  /** Skips the rest of the line and its break; false at the end of the text. */
  #skipLine(): boolean {
    this.#skipToBreak();
    if (this.#pos >= this.#text.length) return false;
    this.#consumeBreak();
    return true;
  }

  /** Consumes the line break at `#pos` (CRLF counts once) and starts the next line. */
  #consumeBreak(): void {
    const text = this.#text;
    if (text.charCodeAt(this.#pos) === CR && text.charCodeAt(this.#pos + 1) === LF) this.#pos++;
    this.#pos++;
    this.#line++;
    this.#lineStart = this.#pos;
  }
}
