/**
 * The syntax tree of the `(( ... ))` expression language: node types, the identifier rules and
 * operator precedence shared by the lexer and parser, tree walking and rendering back to text.
 *
 * Every node records `start` and `end`, offsets into the expression text it was parsed from.
 *
 * @module
 */

import { Float, formatFloat, type PathSegment } from "../core/mod.ts";

/** A stretch of the expression text: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The value of a literal: a string, an int, a {@link Float}, a boolean or null. */
export type LiteralValue = string | number | bigint | Float | boolean | null;

/** A quoted string, a number, `true`/`false` (any case spruce accepts) or `null`/`nil`/`~`. */
export interface LiteralNode extends Span {
  readonly kind: "literal";
  readonly value: LiteralValue;
}

/** An environment variable as a whole operand: `$NAME` or `${NAME}`. */
export interface EnvNode extends Span {
  readonly kind: "env";
  readonly name: string;
}

/** A `$NAME` path segment (`a.$ENV.b`): the variable's value is the key. */
export interface EnvSegment {
  readonly env: string;
}

/** A `[path]` segment (`colors[pick]`): the scalar found at the inner path is the key. */
export interface DynamicSegment {
  readonly ref: RefNode;
}

/**
 * One step of a reference: a static {@link PathSegment} (a key or entry name, a list index, or a
 * `field=value` match), or one computed at evaluation time.
 */
export type PathPart = PathSegment | EnvSegment | DynamicSegment;

/**
 * A reference to a value of the document, `meta.name`, `jobs.web.instances`, `list.0`,
 * `servers[name=db].host`, `colors[pick]`, `$.a.b`; `text` is the reference as written.
 */
export interface RefNode extends Span {
  readonly kind: "ref";
  readonly path: readonly PathPart[];
  readonly text: string;
}

/** A list literal `[a, b]`. */
export interface ListNode extends Span {
  readonly kind: "list";
  readonly items: readonly Node[];
}

/** One `key: value` entry of a map literal; its span runs from the key to the value's end. */
export interface MapEntry extends Span {
  readonly key: string;
  readonly value: Node;
}

/** A map literal `{ key: value, ... }`, entries in source order. */
export interface MapNode extends Span {
  readonly kind: "map";
  readonly entries: readonly MapEntry[];
}

/** The infix operators other than `||` (fallback) and `?:` (conditional). */
export type BinaryOperator =
  | "&&"
  | "=="
  | "!="
  | "<"
  | ">"
  | "<="
  | ">="
  | "+"
  | "-"
  | "*"
  | "/"
  | "%";

/** An infix operation `left op right`. */
export interface BinaryNode extends Span {
  readonly kind: "binary";
  readonly op: BinaryOperator;
  readonly left: Node;
  readonly right: Node;
}

/** The fallback `left || right`: `right` is used when `left` fails (not a boolean or). */
export interface OrNode extends Span {
  readonly kind: "or";
  readonly left: Node;
  readonly right: Node;
}

/** A prefix operation: `!x` (not) or `-x` (negation). */
export interface UnaryNode extends Span {
  readonly kind: "unary";
  readonly op: "!" | "-";
  readonly operand: Node;
}

/** The conditional `condition ? whenTrue : whenFalse`. */
export interface TernaryNode extends Span {
  readonly kind: "ternary";
  readonly condition: Node;
  readonly whenTrue: Node;
  readonly whenFalse: Node;
}

/** An operator modifier, written glued to the name: `(( vault:nocache "p:k" ))`. */
export type Modifier = "nocache";

/**
 * An operator call `name[:nocache][@target] arg ...`. For `calc`, see the parser's notes on how
 * its arguments are shaped.
 */
export interface CallNode extends Span {
  readonly kind: "call";
  readonly name: string;
  readonly modifiers: readonly Modifier[];
  /** The backend target of `name@target`, or null. */
  readonly target: string | null;
  readonly args: readonly Node[];
}

/** Any expression node. */
export type Node =
  | LiteralNode
  | EnvNode
  | RefNode
  | ListNode
  | MapNode
  | BinaryNode
  | OrNode
  | UnaryNode
  | TernaryNode
  | CallNode;

/**
 * Binding strength of the infix operators, higher binds tighter (`?` stands for `?:`). All are
 * left-associative except `?:`.
 */
export const INFIX_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ["?", 1],
  ["||", 2],
  ["&&", 3],
  ["==", 4],
  ["!=", 4],
  ["<", 5],
  [">", 5],
  ["<=", 5],
  [">=", 5],
  ["+", 6],
  ["-", 6],
  ["*", 7],
  ["/", 7],
  ["%", 7],
]);

/** Binding strength of the prefix operators `!` and `-`. */
export const UNARY_PRECEDENCE = 8;

/** How tightly an atom (literal, reference, `$ENV`, list, map) binds. */
const ATOM_PRECEDENCE = 10;

// ASCII character classes: 1 = may start a name, 2 = may continue one.
const NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  if (letter) NAME_CLASS[c] = 3;
  else if ((c >= 48 && c <= 57) || c === 45) NAME_CLASS[c] = 2;
}
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True for a code point that may start a name: a letter or `_`. */
export function isNameStart(code: number): boolean {
  return code < 128 ? (NAME_CLASS[code] & 1) !== 0 : LETTER.test(String.fromCodePoint(code));
}

/** True for a code point that may continue a name: a letter, a digit, `_` or `-`. */
export function isNamePart(code: number): boolean {
  return code < 128 ? NAME_CLASS[code] !== 0 : LETTER_OR_DIGIT.test(String.fromCodePoint(code));
}

/** True when the whole text is one name: a name start, then name characters. */
export function isName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    if (!(i === 0 ? isNameStart(code) : isNamePart(code))) return false;
    i += code > 0xffff ? 2 : 1;
  }
  return true;
}

/**
 * The direct children of a node in source order. A reference's children are the references
 * inside its `[...]` dynamic keys.
 */
export function children(node: Node): readonly Node[] {
  switch (node.kind) {
    case "literal":
    case "env":
      return [];
    case "ref":
      return node.path.flatMap((part) =>
        typeof part === "object" && "ref" in part ? [part.ref] : []
      );
    case "list":
      return node.items;
    case "map":
      return node.entries.map((entry) => entry.value);
    case "binary":
    case "or":
      return [node.left, node.right];
    case "unary":
      return [node.operand];
    case "ternary":
      return [node.condition, node.whenTrue, node.whenFalse];
    case "call":
      return node.args;
  }
}

/**
 * Every reference in a tree, in source order: in call arguments, operands, list and map literals,
 * `||` alternatives, and the inner references of dynamic keys (listed after the reference that
 * holds them).
 *
 * @example
 * ```ts ignore
 * references(parse('(( concat a.b (grab c || d[e]) ))', opts)!).map((r) => r.text);
 * // ["a.b", "c", "d[e]", "e"]
 * ```
 */
export function references(node: Node): RefNode[] {
  const found: RefNode[] = [];
  const visit = (n: Node) => {
    if (n.kind === "ref") found.push(n);
    for (const child of children(n)) visit(child);
  };
  visit(node);
  return found;
}

/**
 * Canonical expression text for a tree, without the `(( ))` markers: strings double-quoted with
 * their escapes, null as `nil`, floats with a decimal point or exponent, references as written,
 * nested calls in parentheses, and parentheses wherever precedence needs them. Parsing the text
 * gives the same tree again (up to offsets and the `f(a, b)` call style).
 */
export function render(node: Node): string {
  switch (node.kind) {
    case "literal":
      return renderLiteral(node.value);
    case "env":
      return `$${node.name}`;
    case "ref":
      return node.text;
    case "list":
      return `[${node.items.map((item) => renderOperand(item, 0)).join(", ")}]`;
    case "map": {
      if (node.entries.length === 0) return "{}";
      const entries = node.entries.map((e) => `${renderKey(e.key)}: ${renderOperand(e.value, 0)}`);
      return `{ ${entries.join(", ")} }`;
    }
    case "binary":
    case "or": {
      const op = node.kind === "or" ? "||" : node.op;
      const p = INFIX_PRECEDENCE.get(op)!;
      return `${renderOperand(node.left, p)} ${op} ${renderOperand(node.right, p + 1)}`;
    }
    case "unary":
      return `${node.op}${renderOperand(node.operand, UNARY_PRECEDENCE)}`;
    case "ternary": {
      const p = INFIX_PRECEDENCE.get("?")!;
      const condition = renderOperand(node.condition, p + 1);
      const whenTrue = renderOperand(node.whenTrue, p);
      return `${condition} ? ${whenTrue} : ${renderOperand(node.whenFalse, p)}`;
    }
    case "call":
      return renderCall(node);
  }
}

/**
 * Call arguments as written after an operator name, separated by spaces: what `(( defer ... ))`
 * emits inside `(( ))`. Nested calls and infix operations are parenthesized.
 */
export function renderArguments(args: readonly Node[]): string {
  return args.map(renderArgument).join(" ");
}

function renderCall(call: CallNode): string {
  let head = call.name;
  for (const modifier of call.modifiers) head += `:${modifier}`;
  if (call.target !== null) head += `@${call.target}`;
  return call.args.length === 0 ? head : `${head} ${renderArguments(call.args)}`;
}

/** A node in an argument list, where only atoms, `!x` and `a || b` chains stand unwrapped. */
function renderArgument(node: Node): string {
  switch (node.kind) {
    case "or": {
      const right = node.right.kind === "or"
        ? `(${render(node.right)})`
        : renderArgument(node.right);
      return `${renderArgument(node.left)} || ${right}`;
    }
    case "binary":
    case "ternary":
    case "call":
      return `(${render(node)})`;
    case "unary":
      return node.op === "!" ? render(node) : `(${render(node)})`;
    default:
      return render(node);
  }
}

/** A node as an operand that must bind at least as tightly as `min`; calls always get parens. */
function renderOperand(node: Node, min: number): string {
  const text = render(node);
  return node.kind === "call" || precedence(node) < min ? `(${text})` : text;
}

function precedence(node: Node): number {
  switch (node.kind) {
    case "binary":
      return INFIX_PRECEDENCE.get(node.op)!;
    case "or":
      return INFIX_PRECEDENCE.get("||")!;
    case "ternary":
      return INFIX_PRECEDENCE.get("?")!;
    case "unary":
      return UNARY_PRECEDENCE;
    default:
      return ATOM_PRECEDENCE; // an operand call gets parentheses regardless
  }
}

function renderLiteral(value: LiteralValue): string {
  if (value === null) return "nil";
  if (typeof value === "string") return quote(value);
  if (value instanceof Float) {
    const text = formatFloat(value.value);
    return /[.eIN]/.test(text) ? text : `${text}.0`;
  }
  return String(value);
}

/** A map key bare when it reads as one name, quoted otherwise. */
function renderKey(key: string): string {
  return isName(key) ? key : quote(key);
}

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** A string double-quoted with the escapes the lexer reads back. */
function quote(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c])}"`;
}
