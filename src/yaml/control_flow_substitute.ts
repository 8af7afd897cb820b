/**
 * Loop variables in loop bodies: each iteration's copy of a body gets the variables' values
 * written into it, so the expanded document needs nothing else (no hidden keys, nothing to prune;
 * `--skip-eval` output can be fed back as it is).
 *
 * - In an expression (a scalar the loader reads as `(( ... ))`, plain or quoted), a reference that
 *   starts with a loop variable is replaced by the value it names, as a literal:
 *   `(( concat "w-" i ))` becomes `(( concat "w-" 1 ))`, `(( grab svc ))` becomes
 *   `(( grab { name: "api", port: 8080 } ))`, and an expression in the data becomes a nested
 *   expression. The expression is then merged and evaluated like any other. A reference that does
 *   not resolve makes its `||` fall back, as it would when evaluated: `(( grab svc.port || 80 ))`
 *   becomes `(( grab 80 ))` when `svc` has no `port`. Quoted strings are left alone.
 * - Anywhere else (a key, part of a plain text, a comment, a block scalar), a whole `(( NAME ))` or
 *   `(( NAME.path ))` naming a loop variable is replaced by the text of the scalar it names
 *   (evaluated as a control-flow expression): `worker-(( i )):` becomes `worker-1:`.
 *
 * An expression written over several lines keeps its line count, so every later line keeps its
 * number.
 *
 * @module
 */

import { Expression, GraftError, isRecoverable, type Value } from "../core/mod.ts";
import {
  isName,
  type ListNode,
  type LiteralNode,
  type LiteralValue,
  type MapNode,
  type Node,
  ParseError,
  type PathPart,
  references,
  type RefNode,
  render,
} from "../expr/mod.ts";
import {
  closingOf,
  ControlFlowFailure,
  type ExpressionReader,
  patternText,
} from "./control_flow_syntax.ts";
import type { Scope } from "./control_flow_scope.ts";
import { keyToValue } from "./key_order.ts";

const TAB = 0x09;
const SPACE = 0x20;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const COLON = 0x3a;
const BACKSLASH = 0x5c;

/** A `(( ... ))` of a body that may name loop variables. */
interface Spot {
  /** The text it replaces: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly node: Node;
  /** The first names of its references. */
  readonly roots: readonly string[];
  /**
   * For an expression scalar, the quote around it (0 when plain); null for a `(( NAME ))`
   * written into text.
   */
  readonly quote: number | null;
}

/** A run of body lines, copied once per iteration with the loop variables substituted. */
export class BodyText {
  readonly #lines: readonly string[];
  readonly #first: number;
  readonly #text: string;
  readonly #reader: ExpressionReader;
  readonly #spots: Spot[] = [];

  /**
   * @param lines the run's lines
   * @param first the 0-based index of the run's first line in its file
   * @param sites where expression scalars start in the lines joined with `\n`: their `((`
   * @param reader parses the expressions
   */
  constructor(
    lines: readonly string[],
    first: number,
    sites: ReadonlySet<number>,
    reader: ExpressionReader,
  ) {
    this.#lines = lines;
    this.#first = first;
    this.#text = lines.join("\n");
    this.#reader = reader;
    const text = this.#text;
    for (let p = text.indexOf("(("); p >= 0;) {
      const end = sites.has(p) ? this.#readExpression(p) : this.#readText(p);
      p = text.indexOf("((", end < 0 ? p + 2 : end);
    }
  }

  /**
   * The run's lines with the loop variables of `scope` substituted (the same array when none
   * occurs).
   *
   * @throws {ControlFlowFailure} when a loop variable reference does not resolve, or names a
   *   value that cannot be written where it stands
   */
  async lines(scope: Scope): Promise<readonly string[]> {
    const text = this.#text;
    const parts: string[] = [];
    let copied = 0;
    for (const spot of this.#spots) {
      if (!spot.roots.some((name) => scope.binds(name))) continue;
      let replacement: string;
      try {
        replacement = await this.#replacement(spot, scope);
      } catch (error) {
        if (!(error instanceof GraftError)) throw error;
        const line = this.#first + lineOf(text, spot.start) + 1;
        throw new ControlFlowFailure(`line ${line}: ${error.message}`, scope.loop);
      }
      parts.push(text.slice(copied, spot.start), replacement, padding(text, spot.start, spot.end));
      copied = spot.end;
    }
    if (parts.length === 0) return this.#lines;
    parts.push(text.slice(copied));
    return parts.join("").split("\n");
  }

  /** The text that replaces a spot. */
  async #replacement(spot: Spot, scope: Scope): Promise<string> {
    if (spot.quote === null) {
      const value = patternText(await scope.evaluate(spot.node));
      if (/[\n\r]/.test(value)) throw new GraftError("eval", "cannot write a multi-line text here");
      return value;
    }
    const expression = `(( ${render(await substitute(spot.node, scope, this.#reader))} ))`;
    if (spot.quote === 0) return expression;
    return spot.quote === DQUOTE
      ? `${expression.replace(/[\\"]/g, "\\$&")}"`
      : `${expression.replaceAll("'", "''")}'`;
  }

  /**
   * Reads the expression scalar whose `((` is at `p` (a quoted one up to its closing quote), and
   * notes it when a reference in it starts with a name; returns where it ends (-1 when it does
   * not). One that does not parse is text, to the evaluator and so here.
   */
  #readExpression(p: number): number {
    const text = this.#text;
    const quote = quoteBefore(text, p);
    let end: number;
    let source: string;
    if (quote === 0) {
      end = closingOf(text, p, text.length);
      if (end < 0) return -1;
      if (text.charCodeAt(skipBlanks(text, end)) === COLON) return this.#readText(p); // a flow key
      source = text.slice(p, end);
    } else {
      const close = closingQuote(text, p, quote);
      if (close < 0) return -1;
      end = close + 1;
      source = unquote(text.slice(p, close), quote).trimEnd();
    }
    const node = source.endsWith("))") ? this.#parse(source.slice(2, -2)) : undefined;
    if (node === undefined) return this.#readText(p);
    const roots = references(node).flatMap((ref) => rootOf(ref) ?? []);
    if (roots.length > 0) this.#spots.push({ start: p, end, node, roots, quote });
    return end;
  }

  /**
   * Reads the `(( ... ))` written into text at `p` (on one line), and notes it when it is a
   * reference; returns where it ends (-1 when it does not).
   */
  #readText(p: number): number {
    const text = this.#text;
    const lineEnd = text.indexOf("\n", p);
    const end = closingOf(text, p, lineEnd < 0 ? text.length : lineEnd);
    if (end < 0) return -1;
    const node = this.#parse(text.slice(p + 2, end - 2));
    const root = node?.kind === "ref" ? rootOf(node) : undefined;
    if (node !== undefined && root !== undefined) {
      this.#spots.push({ start: p, end, node, roots: [root], quote: null });
    }
    return end;
  }

  #parse(text: string): Node | undefined {
    try {
      return this.#reader.expression(text);
    } catch (error) {
      if (error instanceof ParseError) return undefined;
      throw error;
    }
  }
}

/** The first name of a reference, when it starts with one. */
function rootOf(ref: RefNode): string | undefined {
  const first = ref.path[0];
  return typeof first === "string" ? first : undefined;
}

/** The 0-based line of offset `p`. */
function lineOf(text: string, p: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < p; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * What keeps the lines after a replaced multi-line text in place: its line breaks, and spaces up
 * to the column it ended at.
 */
function padding(text: string, start: number, end: number): string {
  const last = text.lastIndexOf("\n", end - 1);
  if (last < start) return "";
  return "\n".repeat(lineOf(text, end) - lineOf(text, start)) + " ".repeat(end - last - 1);
}

/** The offset of the first character that is not a space or tab from `p`. */
function skipBlanks(text: string, p: number): number {
  while (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB) p++;
  return p;
}

/** The quote that opens the scalar holding the `((` at `p` (0 for a plain scalar). */
function quoteBefore(text: string, p: number): number {
  let q = p - 1;
  while (text.charCodeAt(q) === SPACE || text.charCodeAt(q) === TAB) q--;
  const c = text.charCodeAt(q);
  return c === DQUOTE || c === SQUOTE ? c : 0;
}

/** The offset of the quote that closes a quoted scalar whose content goes on at `p`, or -1. */
function closingQuote(text: string, p: number, quote: number): number {
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (quote === DQUOTE && c === BACKSLASH) p++;
    else if (c === quote) {
      if (quote === DQUOTE || text.charCodeAt(p + 1) !== SQUOTE) return p;
      p++;
    }
  }
  return -1;
}

/** The content of a quoted scalar with `\\`, `\"` (double) or `''` (single) escapes read. */
function unquote(raw: string, quote: number): string {
  return quote === DQUOTE ? raw.replace(/\\([\\"])/g, "$1") : raw.replaceAll("''", "'");
}

/**
 * The expression with every reference that starts with a loop variable replaced by the value it
 * names.
 *
 * @throws {GraftError} for such a reference that does not resolve, outside the left side of `||`
 */
async function substitute(node: Node, scope: Scope, reader: ExpressionReader): Promise<Node> {
  const sub = (child: Node) => substitute(child, scope, reader);
  const all = async (nodes: readonly Node[]) => {
    const substituted: Node[] = [];
    for (const child of nodes) substituted.push(await sub(child));
    return substituted;
  };
  switch (node.kind) {
    case "literal":
    case "env":
      return node;
    case "ref":
      return await substituteReference(node, scope, reader);
    case "or": {
      let left: Node;
      try {
        left = await sub(node.left);
      } catch (error) {
        if (isRecoverable(error)) return await sub(node.right);
        throw error;
      }
      return { ...node, left, right: await sub(node.right) };
    }
    case "list":
      return { ...node, items: await all(node.items) };
    case "map": {
      const values = await all(node.entries.map((entry) => entry.value));
      return { ...node, entries: node.entries.map((entry, i) => ({ ...entry, value: values[i] })) };
    }
    case "binary":
      return { ...node, left: await sub(node.left), right: await sub(node.right) };
    case "unary":
      return { ...node, operand: await sub(node.operand) };
    case "ternary": {
      const { condition, whenTrue, whenFalse } = node;
      return {
        ...node,
        condition: await sub(condition),
        whenTrue: await sub(whenTrue),
        whenFalse: await sub(whenFalse),
      };
    }
    case "call":
      return { ...node, args: await all(node.args) };
  }
}

/**
 * A reference that starts with a loop variable as the value it names; a reference with a loop
 * variable as a computed key (`colors[c]`) with that key written in.
 */
async function substituteReference(
  ref: RefNode,
  scope: Scope,
  reader: ExpressionReader,
): Promise<Node> {
  const root = rootOf(ref);
  if (root !== undefined && scope.binds(root)) return valueNode(await scope.lookup(ref), reader);
  let path: PathPart[] | undefined;
  let text = ref.text;
  for (const [i, part] of ref.path.entries()) {
    if (typeof part !== "object" || !("ref" in part)) continue;
    const name = rootOf(part.ref);
    if (name === undefined || !scope.binds(name)) continue;
    const key = patternText(await scope.evaluate(part.ref));
    if (!isName(key) && !/^\d+$/.test(key)) {
      throw new GraftError(
        "eval",
        `the value ${
          JSON.stringify(key)
        } of \`${part.ref.text}\` cannot be written as a key of \`${ref.text}\``,
      );
    }
    path ??= [...ref.path];
    path[i] = key;
    text = text.replace(`[${part.ref.text}]`, `.${key}`);
  }
  return path === undefined ? ref : { ...ref, path, text };
}

function literal(value: LiteralValue): LiteralNode {
  return { kind: "literal", value, start: 0, end: 0 };
}

/** A value as an expression: a literal, a list or map literal, or the expression it holds. */
function valueNode(value: Value, reader: ExpressionReader): Node {
  if (value instanceof Map) {
    const entries = [...value].map(([key, item]) => ({
      key: patternText(keyToValue(key)),
      value: valueNode(item, reader),
      start: 0,
      end: 0,
    }));
    return { kind: "map", entries, start: 0, end: 0 } satisfies MapNode;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => valueNode(item, reader));
    return { kind: "list", items, start: 0, end: 0 } satisfies ListNode;
  }
  if (value instanceof Expression) {
    try {
      return reader.scalar(value.source) ?? literal(value.source);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      return literal(value.source); // the expression reports its syntax error where it is written
    }
  }
  if (value instanceof Uint8Array) {
    throw new GraftError("eval", "binary data cannot be written into an expression");
  }
  return literal(value);
}
