/**
 * The Pratt parser of the `(( ... ))` expression language, and the rules deciding which
 * `(( ... ))` scalars are expressions at all (spec/FEATURES.md §3).
 *
 * Grammar, loosest first: `c ? a : b` (right-associative), `a || b` (fallback), `&&`,
 * `== !=`, `< > <= >=`, `+ -`, `* / %`, prefix `! -`, then operator calls, then atoms (literals,
 * `[list]`, `{ map }`, references, `$ENV`, `( ... )`).
 *
 * Operator calls are `name[:nocache][@target] arg arg ...` (or spruce's `name(arg, arg)` with
 * the parenthesis glued to the name). A name opens a call only where a call can begin: first in
 * the expression or in a `( ... )` group, and as an operand (after an infix or prefix operator,
 * `?`, `:`, `||`, or in a list or map literal). It does so when it is a registered operator and
 * the next token can begin an argument; first in the expression or in a group, a registered
 * operator also opens a call with no arguments (`(( prune ))`, `(x || (prune))`). Anywhere else
 * a name is a reference, so `(( x == type ))` compares with the key `type`.
 *
 * Arguments are atoms, `!x`, negative numbers, and parenthesized expressions (`(grab b)`,
 * `(a + 1)`); a name in an argument list is a reference (so `(( defer grab x ))` defers
 * `grab x`). Within an argument list `a || b` makes the fallback of one argument, and its right
 * side may be a call: `(( grab a || grab b ))`. Commas between arguments are optional, except
 * inside `[...]`, `{...}` and `f(...)`, where commas separate items.
 *
 * `calc` arguments: in `(( calc * 2 ))` (a leading `* / + - % ^`) the rest of the call, up to its
 * closing parenthesis, becomes one string argument, exactly like `(( calc "* 2" ))`. Otherwise
 * each argument is a whole infix expression (without `||` and `?:`), so `(( calc a + b ))` is a
 * call of `calc` with the single argument `a + b` (a `binary` node), and `(( calc "a + b" ))` one
 * with a string argument.
 *
 * @module
 */

import { Float, normalizeInt } from "../core/mod.ts";
import {
  type BinaryOperator,
  type CallNode,
  INFIX_PRECEDENCE,
  isNamePart,
  isNameStart,
  type LiteralNode,
  type LiteralValue,
  type MapEntry,
  type Modifier,
  type Node,
  type Span,
  UNARY_PRECEDENCE,
} from "./ast.ts";
import { ParseError, type PathToken, type Token, tokenize } from "./lexer.ts";

/** Options for {@link parse}. */
export interface ParseOptions {
  /** The names of the registered operators (`grab`, `concat`, ...). */
  readonly operators: ReadonlySet<string>;
}

/**
 * Parses one `(( ... ))` scalar (surrounding whitespace allowed). Returns null when the text
 * passes through as literal text, as in spruce and graft:
 * - it is not `(( ... ))` at all;
 * - it is a BOSH/CredHub placeholder, `((name))` or `((/a/b))` with no whitespace, that is not a
 *   registered operator name (`((prune))` is parsed);
 * - the whole expression is a reference, `(( meta.name ))` or a lone unregistered `(( foo ))`;
 * - it does not parse and does not start with a registered operator name.
 *
 * Node offsets are relative to `source`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type ParseOptions, parse } from "./parser.ts";
 * import { render } from "./ast.ts";
 *
 * const options: ParseOptions = { operators: new Set(["grab", "concat"]) };
 * const node = parse('(( concat "a-" (grab meta.name || "x") ))', options);
 * assert.equal(node?.kind, "call");
 * assert.equal(render(node!), 'concat "a-" (grab meta.name || "x")');
 * assert.equal(parse("(( meta.name ))", options), null);
 * ```
 * @throws {ParseError} for a syntax error in an expression that starts with a registered
 *   operator, and `(( name )) operator not defined` for a call of an unregistered operator with
 *   arguments, such as `(( bogus x ))`
 */
export function parse(source: string, options: ParseOptions): Node | null {
  let first = 0;
  let last = source.length;
  while (first < last && source.charCodeAt(first) <= SPACE) first++;
  while (last > first && source.charCodeAt(last - 1) <= SPACE) last--;
  if (last - first < 4 || !source.startsWith("((", first) || !source.endsWith("))", last)) {
    return null;
  }
  const start = first + 2;
  const end = last - 2;
  const { operators } = options;
  if (isPlaceholder(source, start, end) && !operators.has(source.slice(start, end))) return null;
  const parser = new Parser(source, operators);
  let node: Node;
  try {
    node = parser.parse(start, end);
  } catch (error) {
    if (error instanceof ParseError && !startsWithOperator(source, start, end, operators)) {
      return null;
    }
    throw error;
  }
  const unknown = parser.unknownCall;
  if (unknown !== undefined) {
    const name = { start: unknown.start, end: unknown.start + unknown.name.length };
    throw new ParseError(`(( ${unknown.name} )) operator not defined`, source, name);
  }
  return node.kind === "ref" ? null : node;
}

const SPACE = 32;
const MAX_DEPTH = 64;
const CALC = "calc";
const LOWEST = INFIX_PRECEDENCE.get("?")!;
const AND = INFIX_PRECEDENCE.get("&&")!;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const KEYWORDS: ReadonlyMap<string, boolean | null> = new Map([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["nil", null],
  ["Nil", null],
  ["NIL", null],
]);

/** Token types that start `calc`'s leading-operator form (`^` is lexed as `other`). */
const CALC_OPERATORS: ReadonlySet<string> = new Set(["*", "/", "+", "-", "%"]);

/**
 * Where a name stands: first in the expression or a group (`start`), as an operand of an
 * operator or an item of a literal (`operand`), or in an argument list (`argument`).
 */
type Position = "start" | "operand" | "argument";

/** `^!?[a-zA-Z0-9_./-]+$` on `source[start, end)`. */
function isPlaceholder(source: string, start: number, end: number): boolean {
  if (source.charCodeAt(start) === 33) start++; // `!`
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 45 && c <= 57) || c === 95;
    if (!ok) return false; // 45..57 is `-`, `.`, `/` and the digits
  }
  return true;
}

/** Whether the text in `source[start, end)`, after whitespace, begins with a registered name. */
function startsWithOperator(
  source: string,
  start: number,
  end: number,
  operators: ReadonlySet<string>,
): boolean {
  while (start < end && source.charCodeAt(start) <= SPACE) start++;
  if (start >= end || !isNameStart(source.charCodeAt(start))) return false;
  let stop = start + 1;
  while (stop < end && isNamePart(source.charCodeAt(stop))) stop++;
  return operators.has(source.slice(start, stop)); // operator names are ASCII
}

/** An int (a bigint beyond the safe range, a float beyond int64) or a float from its text. */
function numberValue(text: string): LiteralValue | undefined {
  if (/[.eE]/.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? new Float(value) : undefined;
  }
  if (text.length <= 15) return Number(text) || 0; // `|| 0` turns -0 into 0
  const big = BigInt(text);
  return big >= INT64_MIN && big <= INT64_MAX ? normalizeInt(big) : new Float(Number(text));
}

function literal(value: LiteralValue, span: Span): LiteralNode {
  return { kind: "literal", value, start: span.start, end: span.end };
}

class Parser {
  readonly #source: string;
  readonly #operators: ReadonlySet<string>;
  #tokens: Token[] = [];
  #pos = 0;
  #depth = 0;
  /** True inside `[...]`, `{...}` and `f(...)`, where commas end an argument list. */
  #commasSeparate = false;
  #unknown: CallNode | undefined;

  constructor(source: string, operators: ReadonlySet<string>) {
    this.#source = source;
    this.#operators = operators;
  }

  /** The first call of an unregistered operator, if any was parsed. */
  get unknownCall(): CallNode | undefined {
    return this.#unknown;
  }

  parse(start: number, end: number): Node {
    this.#tokens = tokenize(this.#source, { start, end });
    const node = this.#expression(LOWEST, "start");
    const rest = this.#peek();
    if (rest.type !== "eof") throw this.#error(`unexpected ${this.#describe(rest)}`, rest);
    return node;
  }

  #peek(): Token {
    return this.#tokens[this.#pos];
  }

  #next(): Token {
    return this.#tokens[this.#pos++];
  }

  /** The end of the last consumed token. */
  get #prevEnd(): number {
    return this.#tokens[this.#pos - 1].end;
  }

  #error(message: string, span: Span): ParseError {
    return new ParseError(message, this.#source, span);
  }

  #describe(token: Token): string {
    if (token.type === "eof") return "the end of the expression";
    const text = this.#source.slice(token.start, token.end);
    return `'${text.length > 30 ? `${text.slice(0, 27)}...` : text}'`;
  }

  #enter(token: Token): void {
    if (++this.#depth > MAX_DEPTH) {
      throw this.#error(`expression nesting too deep (max ${MAX_DEPTH})`, token);
    }
  }

  #expression(min: number, position: Position): Node {
    return this.#infix(this.#prefix(position), min);
  }

  #infix(left: Node, min: number): Node {
    for (;;) {
      const token = this.#peek();
      const precedence = INFIX_PRECEDENCE.get(token.type);
      if (precedence === undefined || precedence < min) return left;
      this.#pos++;
      if (token.type === "?") {
        this.#enter(token);
        const whenTrue = this.#expression(LOWEST, "operand");
        const colon = this.#next();
        if (colon.type !== ":") {
          throw this.#error(`expected ':' of '?', found ${this.#describe(colon)}`, colon);
        }
        const whenFalse = this.#expression(LOWEST, "operand");
        this.#depth--;
        const end = whenFalse.end;
        left = { kind: "ternary", condition: left, whenTrue, whenFalse, start: left.start, end };
      } else {
        const right = this.#expression(precedence + 1, "operand");
        const span = { start: left.start, end: right.end };
        left = token.type === "||"
          ? { kind: "or", left, right, ...span }
          : { kind: "binary", op: token.type as BinaryOperator, left, right, ...span };
      }
    }
  }

  #prefix(position: Position): Node {
    const token = this.#next();
    switch (token.type) {
      case "path":
        return this.#name(token, position);
      case "string":
        return literal(token.value, token);
      case "number":
        return this.#number(token);
      case "env":
        return { kind: "env", name: token.name, start: token.start, end: token.end };
      case "~":
        return literal(null, token);
      case "(":
        return this.#group(token);
      case "[": {
        const items = this.#sequence(
          token,
          "]",
          "a list",
          () => this.#expression(LOWEST, "operand"),
        );
        return { kind: "list", items, start: token.start, end: this.#prevEnd };
      }
      case "{": {
        const keys = new Set<string>();
        const entries = this.#sequence(token, "}", "a map", () => this.#entry(keys));
        return { kind: "map", entries, start: token.start, end: this.#prevEnd };
      }
      case "-":
        if (this.#peek().type === "number") return this.#number(this.#next(), token);
        // falls through: negation of anything else
      case "!": {
        this.#enter(token);
        const operand = this.#expression(UNARY_PRECEDENCE, "operand");
        this.#depth--;
        return { kind: "unary", op: token.type, operand, start: token.start, end: operand.end };
      }
    }
    throw this.#error(`expected an expression, found ${this.#describe(token)}`, token);
  }

  /** A number literal, negative when `minus` (its `-` token) is given. */
  #number(token: Token, minus?: Token): LiteralNode {
    const digits = this.#source.slice(token.start, token.end);
    const text = minus === undefined ? digits : `-${digits}`;
    const span = { start: (minus ?? token).start, end: token.end };
    const value = numberValue(text);
    if (value === undefined) throw this.#error(`number '${text}' is out of range`, span);
    return literal(value, span);
  }

  /** A name: an operator call, a keyword literal, or a reference. */
  #name(token: PathToken, position: Position): Node {
    const word = token.word;
    if (word === undefined) return token.ref;
    if (this.#opensCall(token, word, position)) return this.#call(token, word);
    const keyword = KEYWORDS.get(word);
    return keyword === undefined ? token.ref : literal(keyword, token);
  }

  #opensCall(token: PathToken, word: string, position: Position): boolean {
    const known = this.#operators.has(word);
    const next = this.#peek();
    const glued = next.start === token.end;
    if (
      known && (next.type === "@" || (glued && (next.type === "(" || this.#modifierAt(this.#pos))))
    ) {
      return true; // a misplaced `@` is reported by the argument list
    }
    if (position === "argument") return false;
    if (this.#beginsArgument(this.#pos)) return known || position === "start";
    return known && position === "start" &&
      (next.type === ")" || next.type === "eof" || (word === CALC && this.#isCalcOperator(next)));
  }

  /** Whether the token at `index` can begin an argument (`-` only as `-5` after a space). */
  #beginsArgument(index: number): boolean {
    const token = this.#tokens[index];
    switch (token.type) {
      case "path":
      case "string":
      case "number":
      case "env":
      case "~":
      case "(":
      case "[":
      case "{":
      case "!":
        return true;
      case "-": {
        const next = this.#tokens[index + 1];
        return next.type === "number" && next.start === token.end &&
          token.start > this.#tokens[index - 1].end;
      }
      default:
        return false;
    }
  }

  /** Whether a `:modifier` glued to the previous token starts at `index`. */
  #modifierAt(index: number): boolean {
    const colon = this.#tokens[index];
    const word = this.#tokens[index + 1];
    return colon.type === ":" && colon.start === this.#tokens[index - 1].end &&
      word.type === "path" && word.word !== undefined && word.start === colon.end;
  }

  #isCalcOperator(token: Token): boolean {
    return CALC_OPERATORS.has(token.type) ||
      (token.type === "other" && this.#source[token.start] === "^");
  }

  #call(nameToken: PathToken, name: string): CallNode {
    const modifiers: Modifier[] = [];
    while (this.#modifierAt(this.#pos)) {
      const colon = this.#next();
      const modifier = (this.#next() as PathToken).word;
      if (modifier !== "nocache") {
        const message =
          `unknown operator modifier ':${modifier}' for ${name} operator (only :nocache is supported)`;
        throw this.#error(message, { start: colon.start, end: this.#prevEnd });
      }
      if (modifiers.length === 0) modifiers.push(modifier);
    }
    let target: string | null = null;
    const at = this.#peek();
    if (at.type === "@" && at.start === this.#prevEnd) {
      this.#pos++;
      const token = this.#next();
      if (token.type !== "path" || token.word === undefined || token.start !== at.end) {
        throw this.#error("expected a target name right after '@'", token);
      }
      target = token.word;
      if (this.#modifierAt(this.#pos)) {
        const modifier = (this.#tokens[this.#pos + 1] as PathToken).word;
        const message =
          `the :${modifier} modifier must come before the target: (( ${name}:${modifier}@${target} ... ))`;
        throw this.#error(message, {
          start: this.#peek().start,
          end: this.#tokens[this.#pos + 1].end,
        });
      }
    }
    const next = this.#peek();
    let args: Node[];
    if (next.type === "(" && next.start === this.#prevEnd) {
      this.#pos++;
      args = this.#sequence(
        next,
        ")",
        `the arguments of ${name}`,
        () => this.#expression(LOWEST, "operand"),
      );
    } else if (name === CALC && this.#isCalcOperator(next)) {
      args = [this.#calcText()];
    } else {
      args = this.#arguments(name);
    }
    const call: CallNode = {
      kind: "call",
      name,
      modifiers,
      target,
      args,
      start: nameToken.start,
      end: this.#prevEnd,
    };
    if (!this.#operators.has(name)) this.#unknown ??= call;
    return call;
  }

  /** Space-separated arguments, up to the first token that cannot begin one. */
  #arguments(name: string): Node[] {
    const args: Node[] = [];
    for (;;) {
      const token = this.#peek();
      if (token.type === "@") {
        const message =
          `${name} target must be written as (( ${name}@<target> "path:key" )), not (( ${name} <target>@"path:key" ))`;
        throw this.#error(message, token);
      }
      if (args.length > 0 && token.type === "||") {
        this.#pos++;
        const left = args[args.length - 1];
        const right = this.#prefix("operand");
        args[args.length - 1] = { kind: "or", left, right, start: left.start, end: right.end };
      } else if (args.length > 0 && token.type === "," && !this.#commasSeparate) {
        this.#pos++;
      } else if (this.#beginsArgument(this.#pos)) {
        const arg = this.#prefix("argument");
        args.push(name === CALC ? this.#infix(arg, AND) : arg);
      } else {
        return args;
      }
    }
  }

  /** `calc`'s leading-operator form: the text up to the end of the call, as a string. */
  #calcText(): LiteralNode {
    const first = this.#peek();
    let depth = 0;
    let index = this.#pos;
    for (;; index++) {
      const type = this.#tokens[index].type;
      if (type === "eof" || (type === ")" && depth === 0)) break;
      if (type === "(") depth++;
      else if (type === ")") depth--;
    }
    const end = this.#tokens[index - 1].end;
    this.#pos = index;
    return literal(this.#source.slice(first.start, end), { start: first.start, end });
  }

  /** `( expression )`; a name first in it may open a call. */
  #group(open: Token): Node {
    this.#enter(open);
    const commas = this.#commasSeparate;
    this.#commasSeparate = false;
    const node = this.#expression(LOWEST, "start");
    this.#commasSeparate = commas;
    const close = this.#next();
    if (close.type !== ")") {
      throw this.#error(`expected ')', found ${this.#describe(close)}`, close);
    }
    this.#depth--;
    return node;
  }

  /** Comma-separated items up to `close` (a trailing comma is allowed); `open` is consumed. */
  #sequence<T>(open: Token, close: "]" | "}" | ")", what: string, item: () => T): T[] {
    this.#enter(open);
    const commas = this.#commasSeparate;
    this.#commasSeparate = true;
    const items: T[] = [];
    while (this.#peek().type !== close) {
      items.push(item());
      const token = this.#peek();
      if (token.type === ",") this.#pos++;
      else if (token.type !== close) {
        throw this.#error(
          `expected ',' or '${close}' in ${what}, found ${this.#describe(token)}`,
          token,
        );
      }
    }
    this.#pos++;
    this.#commasSeparate = commas;
    this.#depth--;
    return items;
  }

  /** `key: value` in a map literal; the key is a name or a quoted string. */
  #entry(keys: Set<string>): MapEntry {
    const token = this.#next();
    const key = token.type === "string"
      ? token.value
      : token.type === "path"
      ? token.word
      : undefined;
    if (key === undefined) {
      const found = this.#describe(token);
      throw this.#error(`expected a map key (a name or a quoted string), found ${found}`, token);
    }
    if (keys.has(key)) throw this.#error(`duplicate key '${key}' in a map`, token);
    keys.add(key);
    const colon = this.#next();
    if (colon.type !== ":") {
      throw this.#error(
        `expected ':' after the key '${key}', found ${this.#describe(colon)}`,
        colon,
      );
    }
    const value = this.#expression(LOWEST, "operand");
    return { key, value, start: token.start, end: value.end };
  }
}
