/**
 * graft's control flow (spec/FEATURES.md §5): `(( if ))`/`(( elif ))`/`(( else ))`/`(( fi ))`,
 * `(( for X in ... ))`/`(( for K, V in ... ))`/`(( done ))` (with `range A B [STEP]`),
 * `(( while ... ))`/`(( done ))` and `(( case ))`/`(( when ... ))`/`(( default ))`/`(( esac ))`,
 * with the aliases `elsif`, `endif`, `endfor`, `endwhile` and `endcase`.
 *
 * The blocks are expanded in the text of each document before it is parsed: marker lines go, the
 * chosen branches and every loop iteration's copy of a body stay, their lines copied as they are
 * written (indentation included). Conditions, iterables and case subjects are expressions read
 * against the document's own data, that is the document without its top-level control-flow
 * blocks; they may call operators, which run then, against that data alone (see
 * `control_flow_scope.ts`), so expanding a text is asynchronous. Loop variables are written into
 * each copy of a body (see `control_flow_substitute.ts`), so the expanded document is plain YAML
 * with nothing added.
 *
 * A text with no line starting with `((` (indentation aside) is not looked at further.
 *
 * @module
 */

import {
  type Environment,
  Expression,
  GraftError,
  isMap,
  isNumeric,
  scalarText,
  toNumber,
  typeName,
  type Value,
} from "../core/mod.ts";
import { type CallNode, scanExpressions } from "../expr/mod.ts";
import { type LoadOptions, loadYaml } from "./load.ts";
import { compareKeys, keyToValue } from "./key_order.ts";
import {
  type BlockSite,
  type CaseBlock,
  ControlFlowFailure,
  ExpressionReader,
  type ForBlock,
  formatSite,
  type IfBlock,
  type Item,
  type LineScan,
  type Marker,
  parseBlocks,
  patternText,
  scanLines,
  type TextItem,
  type WhileBlock,
} from "./control_flow_syntax.ts";
import { type ExpressionSemantics, Scope, type ScopeContext } from "./control_flow_scope.ts";
import { BodyText } from "./control_flow_substitute.ts";

export type { CallHost, ExpressionSemantics } from "./control_flow_scope.ts";

/** What {@link expandControlFlow} needs from the rest of graft. */
export interface ControlFlowOptions {
  /**
   * The rules of the infix operators, truthiness, environment values and operator calls (the
   * evaluate stage's).
   */
  readonly semantics: ExpressionSemantics;
  /** The registered operator names, so that expressions parse as they do when evaluated. */
  readonly operators: Iterable<string>;
  /**
   * Environment variables: `$NAME` in expressions, `DEFAULT_ARRAY_MERGE_KEY`, and
   * `GRAFT_MAX_LOOP_ITERATIONS`, the cap on `(( while ))` iterations (1000 when unset).
   */
  readonly env: Environment;
}

/** An expanded text. */
export interface ControlFlowExpansion {
  /** The text with its control flow expanded. */
  readonly text: string;
  /** For each line of `text`, the 1-based number of the input line it was copied from. */
  readonly origins: readonly number[];
}

/**
 * A control-flow failure, printed `FILE: parse_error: control flow expansion failed: ...` with
 * the block's synthetic path `$.controlflow.<if|for|while|case>.L<line>` where there is one.
 */
export class ControlFlowError extends GraftError {
  constructor(file: string, message: string, site?: BlockSite) {
    const where = site === undefined ? "" : `${formatSite(site)}: `;
    super("input", `parse_error: control flow expansion failed: ${where}${message}`, {
      file,
      origin: site && { file, line: site.line, column: 1 },
    });
    this.name = "ControlFlowError";
  }
}

/** The `(( while ))` cap when `GRAFT_MAX_LOOP_ITERATIONS` is not set. */
const DEFAULT_MAX_LOOP_ITERATIONS = 1000;
/** The most values a `range` may give. */
const MAX_RANGE = 1_000_000;
const RANGE_PARTS = ["start", "end", "step"];

/**
 * Expands the control flow of a text, document by document; undefined when it has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandControlFlow } from "./control_flow.ts";
 *
 * const semantics = {
 *   binary: (_op: string, a: unknown, b: unknown) => a === b,
 *   unary: (_op: string, v: unknown) => !v,
 *   truthy: Boolean,
 *   envValue: (text: string) => text,
 *   call: () => Promise.reject(new Error("no operators here")),
 * };
 * const text = 'env: prod\n(( if env == "prod" ))\nreplicas: 5\n(( else ))\nreplicas: 1\n(( fi ))\n';
 * const options = { semantics, operators: [], env: () => "" };
 * const expanded = await expandControlFlow(text, "app.yml", options);
 * assert.equal(expanded?.text, "env: prod\nreplicas: 5\n");
 * assert.deepEqual(expanded?.origins, [1, 3, 7]);
 * ```
 * @throws {ControlFlowError} for a malformed or unclosed block, or an expression that fails
 * @throws {GraftError} code "input", as {@link loadYaml} throws it, when a block reads the
 *   document's data and that is malformed YAML
 */
export async function expandControlFlow(
  text: string,
  file: string,
  options: ControlFlowOptions,
): Promise<ControlFlowExpansion | undefined> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!mayHaveMarkers(source)) return undefined;
  const lines = source.split("\n");
  const scan = scanLines(lines);
  if (scan.markers.length === 0) return undefined;
  try {
    return await expand(lines, scan, file, options);
  } catch (error) {
    if (!(error instanceof ControlFlowFailure)) throw error;
    throw new ControlFlowError(file, error.message, error.site);
  }
}

/** Options for {@link loadTemplate}. */
export interface TemplateOptions extends LoadOptions, ControlFlowOptions {}

/**
 * {@link loadYaml} for an input that may hold control flow: expanded first, then parsed, with the
 * expressions' origins and the YAML errors pointing at the input's own lines.
 *
 * @throws {ControlFlowError} when the control flow cannot be expanded
 * @throws {GraftError} code "input" for malformed YAML, as {@link loadYaml} does
 */
export async function loadTemplate(
  text: string,
  file: string,
  options: TemplateOptions,
): Promise<Value[]> {
  const expansion = await expandControlFlow(text, file, options);
  if (expansion === undefined) return loadYaml(text, file, options);
  let documents: Value[];
  try {
    documents = loadYaml(expansion.text, file, options);
  } catch (error) {
    throw relocateError(error, expansion.origins);
  }
  const moved = new Map<Expression, Expression>();
  return documents.map((document) => relocate(document, expansion.origins, moved));
}

/** True when some line, its indentation skipped, starts with `((`. */
function mayHaveMarkers(text: string): boolean {
  for (let i = text.indexOf("(("); i >= 0; i = text.indexOf("((", i + 2)) {
    let p = i - 1;
    let c = text.charCodeAt(p);
    while (c === 0x20 || c === 0x09) c = text.charCodeAt(--p);
    if (p < 0 || c === 0x0a) return true;
  }
  return false;
}

/** The input line an expanded line came from (lines past the end follow the last one). */
function originalLine(origins: readonly number[], line: number): number {
  const last = origins.length;
  return line <= last ? origins[line - 1] : (origins[last - 1] ?? 0) + line - last;
}

/** A YAML error of the expanded text, with the input's line. */
function relocateError(error: unknown, origins: readonly number[]): unknown {
  if (!(error instanceof GraftError) || error.origin === undefined) return error;
  const { line, column } = error.origin;
  const original = originalLine(origins, line);
  const prefix = `yaml: line ${line}, column ${column}: `;
  const message = error.message.startsWith(prefix)
    ? `yaml: line ${original}, column ${column}: ${error.message.slice(prefix.length)}`
    : error.message;
  return new GraftError(error.code, message, {
    file: error.file,
    origin: { ...error.origin, line: original },
    path: error.path,
    detail: error.detail,
    cause: error,
  });
}

/** A loaded document with its expressions' origins moved to the input's lines (in place). */
function relocate(
  value: Value,
  origins: readonly number[],
  moved: Map<Expression, Expression>,
): Value {
  if (value instanceof Expression) {
    const origin = value.origin;
    if (origin === undefined) return value;
    let expression = moved.get(value);
    if (expression === undefined) {
      expression = new Expression(value.source, {
        ...origin,
        line: originalLine(origins, origin.line),
      });
      moved.set(value, expression);
    }
    return expression;
  }
  if (isMap(value)) {
    for (const [key, item] of value) {
      const relocated = relocate(item, origins, moved);
      if (relocated !== item) value.set(key, relocated);
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = relocate(value[i], origins, moved);
  }
  return value;
}

/** The expanded lines so far, and the input line each came from. */
interface Output {
  readonly lines: string[];
  readonly origins: number[];
}

/** Copies input lines `[first, end)` to the output. */
function copyLines(out: Output, lines: readonly string[], first: number, end: number): void {
  for (let i = first; i < end; i++) {
    out.lines.push(lines[i]);
    out.origins.push(i + 1);
  }
}

/** Expands each document of a text (its lines `[first, end)` up to the next `---` or `...`). */
async function expand(
  lines: readonly string[],
  scan: LineScan,
  file: string,
  options: ControlFlowOptions,
): Promise<ControlFlowExpansion> {
  const reader = new ExpressionReader(options.operators);
  const out: Output = { lines: [], origins: [] };
  const starts = [0, ...scan.documents];
  let next = 0;
  for (let i = 0; i < starts.length; i++) {
    const first = starts[i];
    const end = starts[i + 1] ?? lines.length;
    const markers: Marker[] = [];
    while (next < scan.markers.length && scan.markers[next].index < end) {
      markers.push(scan.markers[next++]);
    }
    if (markers.length === 0) copyLines(out, lines, first, end);
    else {
      const shared = { file, options, reader, out };
      await new DocumentExpander(lines, { first, end, markers }, shared).run();
    }
  }
  return { text: out.lines.join("\n"), origins: out.origins };
}

/** What the expansion of every document of a text shares. */
interface Shared {
  readonly file: string;
  readonly options: ControlFlowOptions;
  readonly reader: ExpressionReader;
  readonly out: Output;
}

/** The expansion of one document. */
class DocumentExpander {
  readonly #lines: readonly string[];
  readonly #first: number;
  readonly #end: number;
  readonly #markers: readonly Marker[];
  readonly #shared: Shared;
  readonly #items: readonly Item[];
  /** Each text run's substitution, made on first use. */
  readonly #bodies = new Map<TextItem, BodyText>();
  /** Where expression scalars start, by line index: their columns (found on first use). */
  #sites: Map<number, number[]> | undefined;

  constructor(
    lines: readonly string[],
    document: { first: number; end: number; markers: readonly Marker[] },
    shared: Shared,
  ) {
    this.#lines = lines;
    this.#first = document.first;
    this.#end = document.end;
    this.#markers = document.markers;
    this.#shared = shared;
    this.#items = parseBlocks(lines, document.markers, document, shared.reader);
  }

  async run(): Promise<void> {
    const { semantics, env } = this.#shared.options;
    let data: Value | undefined;
    const context: ScopeContext = {
      semantics,
      env,
      reader: this.#shared.reader,
      data: () => data ??= this.#data(),
    };
    await this.#expand(this.#items, Scope.of(context));
  }

  /**
   * The document's data: the document without its top-level blocks (nor other documents). Its
   * lines keep their numbers, so its YAML errors are the input's.
   */
  #data(): Value {
    const kept: string[] = new Array(this.#lines.length).fill("");
    for (const item of this.#items) {
      if (item.kind !== "text") continue;
      for (let i = item.first; i < item.end; i++) kept[i] = this.#lines[i];
    }
    return loadYaml(kept.join("\n"), this.#shared.file)[0] ?? new Map();
  }

  async #expand(items: readonly Item[], scope: Scope): Promise<void> {
    for (const item of items) {
      switch (item.kind) {
        case "text":
          await this.#text(item, scope);
          break;
        case "if":
          await this.#if(item, scope);
          break;
        case "for":
          await this.#for(item, scope);
          break;
        case "while":
          await this.#while(item, scope);
          break;
        case "case":
          await this.#case(item, scope);
          break;
      }
    }
  }

  async #text(item: TextItem, scope: Scope): Promise<void> {
    const out = this.#shared.out;
    if (scope.empty) {
      copyLines(out, this.#lines, item.first, item.end);
      return;
    }
    const lines = await this.#body(item).lines(scope);
    for (let i = 0; i < lines.length; i++) {
      out.lines.push(lines[i]);
      out.origins.push(item.first + i + 1);
    }
  }

  #body(item: TextItem): BodyText {
    let body = this.#bodies.get(item);
    if (body === undefined) {
      const sites = this.#sites ??= this.#findSites();
      const offsets = new Set<number>();
      let offset = 0;
      for (let i = item.first; i < item.end; i++) {
        for (const column of sites.get(i) ?? []) offsets.add(offset + column);
        offset += this.#lines[i].length + 1;
      }
      const lines = this.#lines.slice(item.first, item.end);
      body = new BodyText(lines, item.first, offsets, this.#shared.reader);
      this.#bodies.set(item, body);
    }
    return body;
  }

  /** Where the document's expression scalars start, read with its marker lines blank. */
  #findSites(): Map<number, number[]> {
    const lines = this.#lines.map((line, i) => i < this.#first || i >= this.#end ? "" : line);
    for (const marker of this.#markers) lines[marker.index] = "";
    const sites = new Map<number, number[]>();
    for (const site of scanExpressions(lines.join("\n")).sites) {
      const columns = sites.get(site.line - 1);
      if (columns === undefined) sites.set(site.line - 1, [site.column - 1]);
      else columns.push(site.column - 1);
    }
    return sites;
  }

  /**
   * Runs `read` on the scope of the block at `site`, turning its failure into a failure of the
   * block; a YAML error of the document's data goes on as it is.
   */
  async #at<T>(site: BlockSite, scope: Scope, read: (scope: Scope) => Promise<T>): Promise<T> {
    try {
      return await read(scope.within(site));
    } catch (error) {
      if (!(error instanceof GraftError) || error.code === "input") throw error;
      throw new ControlFlowFailure(error.message, site);
    }
  }

  async #if(block: IfBlock, scope: Scope): Promise<void> {
    for (const { condition, body } of block.branches) {
      if (condition === null || await this.#at(block.site, scope, (s) => s.truthy(condition))) {
        await this.#expand(body, scope);
        return;
      }
    }
  }

  async #for(block: ForBlock, scope: Scope): Promise<void> {
    const { site, names } = block;
    for (const [key, value] of await this.#at(site, scope, (s) => iterations(block, s))) {
      const inner = names.length === 1
        ? scope.bind(names[0], value, site)
        : scope.bind(names[0], key, site).bind(names[1], value, site);
      await this.#expand(block.body, inner);
    }
  }

  /**
   * Nothing in a `while` body can change what its condition reads, so a true condition stays
   * true until the cap: the body is expanded once (its own failures come first), then the cap is
   * reported.
   */
  async #while(block: WhileBlock, scope: Scope): Promise<void> {
    if (!await this.#at(block.site, scope, (s) => s.truthy(block.condition))) return;
    await this.#expand(block.body, scope);
    const max = this.#maxIterations(block.site);
    throw new ControlFlowFailure(`while loop exceeded maximum iterations (${max})`, block.site);
  }

  #maxIterations(site: BlockSite): number {
    const text = this.#shared.options.env("GRAFT_MAX_LOOP_ITERATIONS");
    if (!text) return DEFAULT_MAX_LOOP_ITERATIONS;
    const max = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(max) || max < 1) {
      throw new ControlFlowFailure(
        `GRAFT_MAX_LOOP_ITERATIONS must be a positive integer, got ${JSON.stringify(text)}`,
        site,
      );
    }
    return max;
  }

  async #case(block: CaseBlock, scope: Scope): Promise<void> {
    const subject = await this.#at(block.site, scope, async (s) => {
      const value = await s.evaluate(block.subject);
      if (isMap(value) || Array.isArray(value)) {
        throw new GraftError("eval", `case subject must be a scalar, got a ${typeName(value)}`);
      }
      return patternText(value);
    });
    const chosen = block.whens.find((when) => when.patterns.includes(subject));
    const body = chosen?.body ?? block.fallback;
    if (body !== null) await this.#expand(body, scope);
  }
}

/** The index (or key) and value of each iteration of a `for`, map keys in spruce's order. */
async function iterations(block: ForBlock, scope: Scope): Promise<[Value, Value][]> {
  const iterable = block.iterable;
  if (iterable.kind === "call" && iterable.name === "range") {
    return (await range(iterable, scope)).map((value, i) => [i, value]);
  }
  const value = await scope.evaluate(iterable);
  if (value === null) return [];
  if (Array.isArray(value)) return value.map((item, i) => [i, item]);
  if (isMap(value)) {
    return [...value.keys()].sort(compareKeys).map((key) => [keyToValue(key), value.get(key)!]);
  }
  throw new GraftError(
    "eval",
    `for-loop iterable must be a list or a map, got a ${typeName(value)}`,
  );
}

/** `range START END [STEP]`: the integers from start to end, both included. */
async function range(call: CallNode, scope: Scope): Promise<number[]> {
  const bounds: number[] = [];
  for (const [i, arg] of call.args.entries()) {
    const value = await scope.evaluate(arg);
    const number = isNumeric(value) ? toNumber(value) : Number.NaN;
    if (!Number.isSafeInteger(number)) {
      const got = isNumeric(value) ? scalarText(value) : `a ${typeName(value)}`;
      throw new GraftError("eval", `range ${RANGE_PARTS[i]} must be an integer, got ${got}`);
    }
    bounds.push(number);
  }
  const [start, end, step = 1] = bounds;
  if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end)) {
    throw new GraftError("eval", "range step must be non-zero and must move start toward end");
  }
  const count = Math.floor((end - start) / step) + 1;
  if (count > MAX_RANGE) throw new GraftError("eval", `range yields more than ${MAX_RANGE} values`);
  return Array.from({ length: count }, (_, i) => start + i * step);
}
