/**
 * The syntax of graft's control flow (spec/FEATURES.md §5): which lines are markers
 * (`(( if ... ))`, `(( done ))`, ...), the documents of a text, the blocks the markers form, and
 * the expressions and patterns the markers hold.
 *
 * A line is a marker when, once its indentation is skipped, it is exactly one balanced
 * `(( KEYWORD ... ))` (strings and nested parentheses respected), optionally followed by a
 * `# comment`, and it is not content of a `|` or `>` block scalar. Keywords are lowercase.
 *
 * @module
 */

import { type CallNode, type Node, parse, ParseError, type ParseOptions } from "../expr/mod.ts";
import {
  formatPath,
  GraftError,
  type Path,
  scalarText,
  typeName,
  type Value,
} from "../core/mod.ts";

/** What a control-flow block is. */
export type BlockKind = "if" | "for" | "while" | "case";

/** Where a block starts: its kind and the 1-based line of its opening marker. */
export interface BlockSite {
  readonly kind: BlockKind;
  readonly line: number;
}

/** `controlflow.<kind>.L<line>`, the synthetic path of a block. */
export function sitePath(site: BlockSite): Path {
  return ["controlflow", site.kind, `L${site.line}`];
}

/** `$.controlflow.<kind>.L<line>`, the synthetic path errors about a block carry. */
export function formatSite(site: BlockSite): string {
  return formatPath(sitePath(site));
}

/** A control-flow failure; `site` is the block it is about, when there is one. */
export class ControlFlowFailure extends Error {
  constructor(message: string, readonly site?: BlockSite) {
    super(message);
    this.name = "ControlFlowFailure";
  }
}

/** A canonical control-flow keyword. */
export type Keyword =
  | "if"
  | "elif"
  | "else"
  | "fi"
  | "for"
  | "while"
  | "done"
  | "case"
  | "when"
  | "default"
  | "esac";

/** Every keyword as written, aliases included, and the keyword it stands for. */
const KEYWORDS: ReadonlyMap<string, Keyword> = new Map([
  ["if", "if"],
  ["elif", "elif"],
  ["elsif", "elif"],
  ["else", "else"],
  ["fi", "fi"],
  ["endif", "fi"],
  ["for", "for"],
  ["while", "while"],
  ["done", "done"],
  ["endfor", "done"],
  ["endwhile", "done"],
  ["case", "case"],
  ["when", "when"],
  ["default", "default"],
  ["esac", "esac"],
  ["endcase", "esac"],
]);

/** One marker line. */
export interface Marker {
  /** 0-based index of its line. */
  readonly index: number;
  readonly keyword: Keyword;
  /** The keyword as written (an alias, maybe). */
  readonly written: string;
  /** The text after the keyword, trimmed. */
  readonly argument: string;
}

/** The markers of a text and where its documents start. */
export interface LineScan {
  readonly markers: readonly Marker[];
  /** The index of the first line of each document after the first (its `---` or `...` line). */
  readonly documents: readonly number[];
}

const TAB = 0x09;
const CR = 0x0d;
const SPACE = 0x20;
const DQUOTE = 0x22;
const HASH = 0x23;
const SQUOTE = 0x27;
const LPAREN = 0x28;
const RPAREN = 0x29;
const DASH = 0x2d;
const DOT = 0x2e;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** The offset of the first character after the spaces and tabs at `p`. */
function skipSpaces(text: string, p: number): number {
  while (isSpace(text.charCodeAt(p))) p++;
  return p;
}

/** True when nothing but spaces, tabs and a final CR is left of the line from `p`. */
function isBlankFrom(line: string, p: number): boolean {
  p = skipSpaces(line, p);
  return p >= line.length || (line.charCodeAt(p) === CR && p === line.length - 1);
}

/**
 * The offset just past the `))` that closes the `((` at `start`, reading no further than `end`;
 * -1 when there is none. Parentheses nest, `"..."` and `'...'` strings (with backslash escapes)
 * are skipped, and the expression must end in `))`.
 */
export function closingOf(text: string, start: number, end: number): number {
  let depth = 0;
  let closedAt = -1;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      for (p++; p < end && text.charCodeAt(p) !== c; p++) {
        if (text.charCodeAt(p) === BACKSLASH) p++;
      }
      if (p >= end) return -1;
    } else if (c === LPAREN) {
      depth++;
    } else if (c === RPAREN) {
      depth--;
      if (depth === 1) closedAt = p;
      if (depth === 0) return closedAt === p - 1 ? p + 1 : -1;
    }
  }
  return -1;
}

/** The marker a line holds, if it is one (its `((` at `p`, past the indentation). */
function readMarker(line: string, p: number, index: number): Marker | undefined {
  const end = closingOf(line, p, line.length);
  if (end < 0) return undefined;
  const tail = skipSpaces(line, end);
  if (!isBlankFrom(line, tail) && !(line.charCodeAt(tail) === HASH && tail > end)) return undefined;
  const inner = line.slice(p + 2, end - 2).trim();
  let stop = 0;
  while (stop < inner.length && !isSpace(inner.charCodeAt(stop))) stop++;
  const written = inner.slice(0, stop);
  const keyword = KEYWORDS.get(written);
  if (keyword === undefined) return undefined;
  return { index, keyword, written, argument: inner.slice(stop).trim() };
}

/** A block scalar header at the end of a line: `|` or `>` with indicators, then a comment. */
const BLOCK_HEADER = /(?:^|[ \t])[|>]([1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#.*)?\r?$/;

/**
 * When the line ends with a block scalar header after `key:`, `-` or `---`: the indentation its
 * content must exceed, and the content indentation an explicit indicator fixes (or -1).
 */
function blockScalarStart(line: string): { parent: number; indent: number } | undefined {
  if (!line.includes("|") && !line.includes(">")) return undefined;
  const match = BLOCK_HEADER.exec(line);
  if (match === null) return undefined;
  let before = line.slice(0, match.index).trimEnd();
  for (;;) {
    const space = Math.max(before.lastIndexOf(" "), before.lastIndexOf("\t"));
    const last = before.charCodeAt(space + 1);
    if (last !== 0x21 && last !== 0x26) break; // a `!tag` or `&anchor` before the header
    before = before.slice(0, space + 1).trimEnd();
  }
  let p = skipSpaces(line, 0);
  let dash = -1;
  while (line.charCodeAt(p) === DASH && isSpace(line.charCodeAt(p + 1))) {
    dash = p;
    p = skipSpaces(line, p + 1);
  }
  let parent: number;
  if (before.endsWith(":")) parent = p;
  else if (before.endsWith("-") && before.length - 1 === dash) parent = dash;
  else if (before === "" || before === "---") parent = -1;
  else return undefined;
  const digit = /[1-9]/.exec(match[1] ?? "");
  return { parent, indent: digit === null ? -1 : parent + Number(digit[0]) };
}

/** True for a `---` or `...` document marker line. */
function isDocumentMarker(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === DASH || c === DOT) && line.charCodeAt(1) === c && line.charCodeAt(2) === c &&
    (line.length === 3 || isSpace(line.charCodeAt(3)) || line.charCodeAt(3) === CR);
}

/**
 * Finds the marker lines of a text (split into lines) and its document boundaries, skipping the
 * content of block scalars.
 */
export function scanLines(lines: readonly string[]): LineScan {
  const markers: Marker[] = [];
  const documents: number[] = [];
  let block: { parent: number; indent: number } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const p = skipSpaces(line, 0);
    if (isDocumentMarker(line)) {
      documents.push(index);
      block = undefined;
    }
    if (block !== undefined) {
      if (isBlankFrom(line, p)) continue;
      if (block.indent < 0 && p > block.parent) block.indent = p;
      if (block.indent >= 0 && p >= block.indent) continue;
      block = undefined;
    }
    if (line.charCodeAt(p) === LPAREN && line.charCodeAt(p + 1) === LPAREN) {
      const marker = readMarker(line, p, index);
      if (marker !== undefined) {
        markers.push(marker);
        continue;
      }
    }
    block = blockScalarStart(line);
  }
  return { markers, documents };
}

/** Lines copied as they are (with loop variables substituted): `[first, end)`. */
export interface TextItem {
  readonly kind: "text";
  readonly first: number;
  readonly end: number;
}

/** What every block has: its site, and the index past its closing marker line. */
interface BlockBase {
  readonly site: BlockSite;
  readonly end: number;
}

/** `(( if ))` ... `(( elif ))` ... `(( else ))` ... `(( fi ))`; an `else` has no condition. */
export interface IfBlock extends BlockBase {
  readonly kind: "if";
  readonly branches: readonly { readonly condition: Node | null; readonly body: Item[] }[];
}

/** `(( for X in ... ))` or `(( for K, V in ... ))` ... `(( done ))`. */
export interface ForBlock extends BlockBase {
  readonly kind: "for";
  readonly names: readonly string[];
  /** The iterable; a `range` call is the range form. */
  readonly iterable: Node;
  readonly body: Item[];
}

/** `(( while ... ))` ... `(( done ))`. */
export interface WhileBlock extends BlockBase {
  readonly kind: "while";
  readonly condition: Node;
  readonly body: Item[];
}

/** `(( case ... ))`, `(( when ... ))` branches, an optional `(( default ))`, `(( esac ))`. */
export interface CaseBlock extends BlockBase {
  readonly kind: "case";
  readonly subject: Node;
  /** Each branch's patterns, as the text they match ({@link patternText}). */
  readonly whens: readonly { readonly patterns: readonly string[]; readonly body: Item[] }[];
  readonly fallback: Item[] | null;
}

/** What a document (or a block's body) is made of. */
export type Item = TextItem | IfBlock | ForBlock | WhileBlock | CaseBlock;

/** The name of the pseudo-operator that wraps marker expressions so bare references parse. */
const WRAPPER = "__control_flow__";

/** Reads the expressions of markers and loop bodies with the registered operators. */
export class ExpressionReader {
  readonly #scalar: ParseOptions;
  readonly #wrapped: ParseOptions;
  readonly #iterable: ParseOptions;

  /** @param operators the registered operator names */
  constructor(operators: Iterable<string>) {
    const names = new Set(operators);
    this.#scalar = { operators: names };
    this.#wrapped = { operators: new Set([...names, WRAPPER]) };
    this.#iterable = { operators: new Set([...names, WRAPPER, "range"]) };
  }

  /**
   * A `(( ... ))` scalar's tree as the evaluator reads it; null when it passes through as text.
   *
   * @throws {ParseError} for a syntax error
   */
  scalar(source: string): Node | null {
    return parse(source, this.#scalar);
  }

  /**
   * The tree of expression text written without `(( ))`; a bare reference is a reference, and so
   * is a lone name, even one that names an operator (a call needs arguments here). With
   * `iterable`, `range` is an operator name.
   *
   * @throws {ParseError} for a syntax error
   */
  expression(text: string, iterable = false): Node {
    const source = `(( ${WRAPPER} (${text}) ))`;
    let call: CallNode;
    try {
      call = parse(source, iterable ? this.#iterable : this.#wrapped) as CallNode;
    } catch (error) {
      // The wrapper's `)` is where the text ends.
      const end = source.length - 4;
      if (!(error instanceof ParseError) || error.offset !== end) throw error;
      const message = error.message.replace("')'", "the end of the expression");
      throw new ParseError(message, source, { start: end, end: end + 1 });
    }
    if (call.args.length !== 1) {
      throw new ParseError("unbalanced parentheses", source, call.args[1]);
    }
    const node = call.args[0];
    if (node.kind !== "call" || node.args.length + node.modifiers.length > 0 || node.target) {
      return node;
    }
    return { kind: "ref", path: [node.name], text: node.name, start: node.start, end: node.end };
  }
}

/**
 * The text of a scalar as control flow compares and writes it: strings as they are, numbers as
 * Go prints them, `true`/`false`, and an empty text for null.
 *
 * @throws {GraftError} for a map, a list or binary data
 */
export function patternText(value: Value): string {
  if (value === null) return "";
  if (value instanceof Map || Array.isArray(value) || value instanceof Uint8Array) {
    throw new GraftError("eval", `a ${typeName(value)} cannot be written as text`);
  }
  return scalarText(value);
}

const MAX_DEPTH = 64;
const FOR_HEADER =
  /^([\p{L}_][\p{L}\p{N}_-]*)(?:[ \t]*,[ \t]*([\p{L}_][\p{L}\p{N}_-]*))?[ \t]+in[ \t]+(\S.*)$/u;
const STOPS: Readonly<Record<"if" | "loop" | "case", readonly Keyword[]>> = {
  if: ["elif", "else", "fi"],
  loop: ["done"],
  case: ["when", "default", "esac"],
};

/**
 * Parses the markers of one document (lines `[first, end)`) into its items: text runs and
 * blocks, their expressions parsed.
 *
 * @throws {ControlFlowFailure} for a stray or misplaced marker, an unclosed block, nesting deeper
 *   than 64, or a malformed marker
 */
export function parseBlocks(
  lines: readonly string[],
  markers: readonly Marker[],
  range: { first: number; end: number },
  reader: ExpressionReader,
): Item[] {
  return new BlockParser(lines, markers, range, reader).document();
}

class BlockParser {
  readonly #lines: readonly string[];
  readonly #markers: readonly Marker[];
  readonly #end: number;
  readonly #reader: ExpressionReader;
  /** The next marker to read. */
  #pos = 0;
  /** The first line not yet part of an item. */
  #line: number;
  #depth = 0;

  constructor(
    lines: readonly string[],
    markers: readonly Marker[],
    range: { first: number; end: number },
    reader: ExpressionReader,
  ) {
    this.#lines = lines;
    this.#markers = markers;
    this.#line = range.first;
    this.#end = range.end;
    this.#reader = reader;
  }

  document(): Item[] {
    return this.#items([], undefined);
  }

  /**
   * Text runs and blocks up to the next marker with one of the `stops` keywords (not consumed),
   * or the end of the document when `stops` is empty.
   */
  #items(stops: readonly Keyword[], site: BlockSite | undefined): Item[] {
    const items: Item[] = [];
    for (;;) {
      const marker = this.#markers[this.#pos];
      const stop = marker === undefined ? this.#end : marker.index;
      if (stop > this.#line) items.push({ kind: "text", first: this.#line, end: stop });
      this.#line = stop;
      if (marker === undefined) {
        if (stops.length === 0) return items;
        const expected = stops.map((k) => `(( ${k} ))`).join(" or ");
        throw new ControlFlowFailure(
          `unclosed block: expected ${expected}, reached end of input`,
          site,
        );
      }
      if (stops.includes(marker.keyword)) return items;
      items.push(this.#block(marker));
    }
  }

  /** Consumes the marker at `#pos`. */
  #take(): Marker {
    const marker = this.#markers[this.#pos++];
    this.#line = marker.index + 1;
    return marker;
  }

  /** The block a marker opens; any other marker is out of place here. */
  #block(marker: Marker): Item {
    const kind = marker.keyword;
    if (kind !== "if" && kind !== "for" && kind !== "while" && kind !== "case") {
      throw new ControlFlowFailure(
        `(( ${marker.written} )) at line ${marker.index + 1} has no matching block start`,
      );
    }
    const site: BlockSite = { kind, line: marker.index + 1 };
    if (++this.#depth > MAX_DEPTH) {
      throw new ControlFlowFailure(`control flow block nesting too deep (max ${MAX_DEPTH})`, site);
    }
    const block = kind === "if"
      ? this.#if(site)
      : kind === "for"
      ? this.#for(site)
      : kind === "while"
      ? this.#while(site)
      : this.#case(site);
    this.#depth--;
    return block;
  }

  #if(site: BlockSite): IfBlock {
    const condition = this.#condition(this.#take(), site);
    const branches: { condition: Node | null; body: Item[] }[] = [
      { condition, body: this.#body("if", site) },
    ];
    let otherwise = false;
    for (;;) {
      const marker = this.#take();
      const line = marker.index + 1;
      switch (marker.keyword) {
        case "elif":
          if (otherwise) {
            throw new ControlFlowFailure(`(( elif )) at line ${line} follows (( else ))`, site);
          }
          branches.push({ condition: this.#condition(marker, site), body: this.#body("if", site) });
          break;
        case "else":
          if (otherwise) throw new ControlFlowFailure(`duplicate (( else )) at line ${line}`, site);
          otherwise = true;
          this.#bare(marker, site);
          branches.push({ condition: null, body: this.#body("if", site) });
          break;
        default:
          this.#bare(marker, site);
          return { kind: "if", site, end: this.#line, branches };
      }
    }
  }

  #for(site: BlockSite): ForBlock {
    const marker = this.#take();
    const header = FOR_HEADER.exec(marker.argument);
    if (header === null) {
      throw new ControlFlowFailure(
        `invalid (( for )) header: expected "for VAR [, VAR] in ITERABLE", got ${
          JSON.stringify(marker.argument)
        }`,
        site,
      );
    }
    const names = header[2] === undefined ? [header[1]] : [header[1], header[2]];
    const iterable = this.#expression(header[3], site, true);
    if (iterable.kind === "call" && iterable.name === "range") {
      if (names.length > 1) {
        throw new ControlFlowFailure("range yields a single value per iteration", site);
      }
      if (iterable.args.length < 2 || iterable.args.length > 3) {
        throw new ControlFlowFailure(
          `range requires 2 or 3 arguments (start, end, [step]), got ${iterable.args.length}`,
          site,
        );
      }
    }
    const body = this.#body("loop", site);
    this.#bare(this.#take(), site);
    return { kind: "for", site, end: this.#line, names, iterable, body };
  }

  #while(site: BlockSite): WhileBlock {
    const condition = this.#condition(this.#take(), site);
    const body = this.#body("loop", site);
    this.#bare(this.#take(), site);
    return { kind: "while", site, end: this.#line, condition, body };
  }

  #case(site: BlockSite): CaseBlock {
    const subject = this.#condition(this.#take(), site);
    for (const item of this.#body("case", site)) {
      const stray = item.kind === "text" ? this.#contentLine(item) : item.site.line - 1;
      if (stray >= 0) {
        throw new ControlFlowFailure(
          `only (( when )), (( default )) or (( esac )) may follow (( case )), found line ${
            stray + 1
          }`,
          site,
        );
      }
    }
    const whens: { patterns: string[]; body: Item[] }[] = [];
    let fallback: Item[] | null = null;
    for (;;) {
      const marker = this.#take();
      const line = marker.index + 1;
      switch (marker.keyword) {
        case "when":
          if (fallback !== null) {
            throw new ControlFlowFailure(
              `(( when )) at line ${line} follows (( default )), which must be last`,
              site,
            );
          }
          whens.push({ patterns: this.#patterns(marker, site), body: this.#body("case", site) });
          break;
        case "default":
          if (fallback !== null) {
            throw new ControlFlowFailure(`duplicate (( default )) at line ${line}`, site);
          }
          this.#bare(marker, site);
          fallback = this.#body("case", site);
          break;
        default:
          this.#bare(marker, site);
          return { kind: "case", site, end: this.#line, subject, whens, fallback };
      }
    }
  }

  /** The first line of a text run that is neither blank nor a comment, or -1. */
  #contentLine(item: TextItem): number {
    for (let i = item.first; i < item.end; i++) {
      const line = this.#lines[i].trim();
      if (line !== "" && !line.startsWith("#")) return i;
    }
    return -1;
  }

  #body(stops: keyof typeof STOPS, site: BlockSite): Item[] {
    return this.#items(STOPS[stops], site);
  }

  /** A marker that takes no argument: `else`, `fi`, `done`, `default`, `esac`. */
  #bare(marker: Marker, site: BlockSite): void {
    if (marker.argument !== "") {
      throw new ControlFlowFailure(
        `(( ${marker.written} )) at line ${marker.index + 1} takes no argument, got ${
          JSON.stringify(marker.argument)
        }`,
        site,
      );
    }
  }

  /** The expression of an `if`, `elif`, `while` or `case` marker. */
  #condition(marker: Marker, site: BlockSite): Node {
    if (marker.argument === "") {
      throw new ControlFlowFailure(
        `(( ${marker.written} )) at line ${marker.index + 1} needs an expression`,
        site,
      );
    }
    return this.#expression(marker.argument, site, false);
  }

  #expression(text: string, site: BlockSite, iterable: boolean): Node {
    try {
      return this.#reader.expression(text, iterable);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      throw new ControlFlowFailure(
        `invalid expression ${JSON.stringify(text)}: ${error.message}`,
        site,
      );
    }
  }

  /** The patterns of a `when` marker, split at `|` outside strings, as the text they match. */
  #patterns(marker: Marker, site: BlockSite): string[] {
    const text = marker.argument;
    if (text === "") {
      throw new ControlFlowFailure(
        `(( when )) at line ${marker.index + 1} needs at least one pattern`,
        site,
      );
    }
    const patterns: string[] = [];
    let start = 0;
    for (let p = 0; p <= text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === DQUOTE || c === SQUOTE) {
        for (p++; p < text.length && text.charCodeAt(p) !== c; p++) {
          if (text.charCodeAt(p) === BACKSLASH) p++;
        }
      } else if (p === text.length || c === 0x7c) {
        patterns.push(this.#pattern(text.slice(start, p).trim(), site));
        start = p + 1;
      }
    }
    return patterns;
  }

  #pattern(text: string, site: BlockSite): string {
    let node: Node | undefined;
    try {
      node = this.#reader.expression(text);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
    const value = node?.kind === "literal" ? node.value : undefined;
    if (value === undefined || value === null || text === "") {
      throw new ControlFlowFailure(
        `(( when )) pattern must be a quoted string, a number, or true/false, got ${
          JSON.stringify(text)
        }`,
        site,
      );
    }
    return patternText(value);
  }
}
