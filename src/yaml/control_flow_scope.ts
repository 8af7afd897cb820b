/**
 * Evaluating control-flow expressions before the merge, against the document's own data and the
 * loop variables bound around them.
 *
 * No operator has run at that point, so only what needs none is evaluated here: literals,
 * references, `$ENV`, list and map literals, infix and prefix operators, `?:`, `||` fallbacks, and
 * `grab` of one argument (the same as its argument); a lone name is a reference even when it
 * names an operator. Expressions met in the data are evaluated the same way, on first use. The rules of the infix and prefix operators, truthiness and the typing
 * of environment values are the evaluate stage's, handed in as {@link ExpressionSemantics}.
 *
 * @module
 */

import {
  type Environment,
  Expression,
  formatTreePath,
  GraftError,
  isMap,
  isRecoverable,
  type PathSegment,
  resolvePath,
  scalarText,
  type Value,
} from "../core/mod.ts";
import { type BinaryOperator, type Node, ParseError, type RefNode } from "../expr/mod.ts";
import type { BlockSite, ExpressionReader } from "./control_flow_syntax.ts";

/** The semantics of the expression language that control flow borrows from the evaluate stage. */
export interface ExpressionSemantics {
  /** An infix operator other than `&&` (the evaluate stage's `applyBinary`). */
  readonly binary: (op: Exclude<BinaryOperator, "&&">, left: Value, right: Value) => Value;
  /** `!x` or `-x` (the evaluate stage's `applyUnary`). */
  readonly unary: (op: "!" | "-", value: Value) => Value;
  /** Whether a value counts as true (the evaluate stage's `truthy`). */
  readonly truthy: (value: Value) => boolean;
  /** The value of an environment variable's text (the evaluate stage's `parseEnvValue`). */
  readonly envValue: (text: string) => Value;
}

/** What the scopes of one document read. */
export interface ScopeContext {
  readonly semantics: ExpressionSemantics;
  /** Environment variables. */
  readonly env: Environment;
  /** Parses the expressions met in the data. */
  readonly reader: ExpressionReader;
  /** The document's data, read on first use. */
  data(): Value;
}

/** A loop variable, and the bindings of the loops around its loop. */
interface LoopBinding {
  readonly name: string;
  readonly value: Value;
  readonly site: BlockSite;
  readonly outer: LoopBinding | null;
}

/** Marks an expression of the data being evaluated, to catch one that reads itself. */
const PENDING = Symbol("pending");

/** The loop variables in force at one place of a document, and how expressions read there. */
export class Scope {
  readonly #context: ScopeContext;
  /** The values of the data's expressions evaluated so far. */
  readonly #values: Map<Expression, Value | typeof PENDING>;
  readonly #binding: LoopBinding | null;

  private constructor(
    context: ScopeContext,
    values: Map<Expression, Value | typeof PENDING>,
    binding: LoopBinding | null,
  ) {
    this.#context = context;
    this.#values = values;
    this.#binding = binding;
  }

  /** The scope of a document outside every loop. */
  static of(context: ScopeContext): Scope {
    return new Scope(context, new Map(), null);
  }

  /** This scope with one more loop variable, which shadows a same-named key or variable. */
  bind(name: string, value: Value, site: BlockSite): Scope {
    return new Scope(this.#context, this.#values, { name, value, site, outer: this.#binding });
  }

  /** True when `name` is a loop variable here. */
  binds(name: string): boolean {
    return this.#find(name) !== null;
  }

  /** True when no loop variable is bound. */
  get empty(): boolean {
    return this.#binding === null;
  }

  /** The innermost loop around this scope. */
  get loop(): BlockSite | undefined {
    return this.#binding?.site;
  }

  #find(name: string): LoopBinding | null {
    let binding = this.#binding;
    while (binding !== null && binding.name !== name) binding = binding.outer;
    return binding;
  }

  /**
   * The value of an expression.
   *
   * @throws {GraftError} when a reference does not resolve, an environment variable is not set,
   *   an operator fails, or the expression calls an operator other than `grab`
   */
  evaluate(node: Node): Value {
    const { semantics } = this.#context;
    switch (node.kind) {
      case "literal":
        return node.value;
      case "env":
        return semantics.envValue(this.#env(node.name));
      case "ref":
        return this.#resolve(node, true);
      case "list":
        return node.items.map((item) => this.evaluate(item));
      case "map":
        return new Map(node.entries.map((entry) => [entry.key, this.evaluate(entry.value)]));
      case "or":
        try {
          return this.evaluate(node.left);
        } catch (error) {
          if (isRecoverable(error)) return this.evaluate(node.right);
          throw error;
        }
      case "unary":
        return semantics.unary(node.op, this.evaluate(node.operand));
      case "binary":
        if (node.op === "&&") return this.truthy(node.left) && this.truthy(node.right);
        return semantics.binary(node.op, this.evaluate(node.left), this.evaluate(node.right));
      case "ternary":
        return this.evaluate(this.truthy(node.condition) ? node.whenTrue : node.whenFalse);
      case "call":
        if (node.name === "grab" && node.args.length === 1) return this.evaluate(node.args[0]);
        if (node.name === "range") {
          throw new GraftError("eval", "range can only be the iterable of a (( for ))");
        }
        throw new GraftError(
          "eval",
          `(( ${node.name} )) cannot be used in a control-flow expression: control flow is ` +
            "expanded before operators run (use references, literals, $ENV, infix operators " +
            "or grab)",
        );
    }
  }

  /** Whether an expression's value counts as true. */
  truthy(node: Node): boolean {
    return this.#context.semantics.truthy(this.evaluate(node));
  }

  /**
   * The value a reference names as it is written in the data (its expressions not evaluated).
   *
   * @throws {GraftError} when it does not resolve
   */
  lookup(ref: RefNode): Value {
    return this.#resolve(ref, false);
  }

  #env(name: string): string {
    const value = this.#context.env(name);
    if (!value) throw new GraftError("eval", `Environment variable $${name} is not set`);
    return value;
  }

  /** A reference's value: a loop variable's, else the data's; `evaluate` its expression. */
  #resolve(ref: RefNode, evaluate: boolean): Value {
    const path = this.#concretePath(ref);
    const first = path[0];
    const binding = typeof first === "string" ? this.#find(first) : null;
    const root = binding === null ? this.#context.data() : new Map([[binding.name, binding.value]]);
    const arrayMergeKey = this.#context.env("DEFAULT_ARRAY_MERGE_KEY") || undefined;
    const found = resolvePath(root, path, { arrayMergeKey });
    if (!found.ok) {
      const written = formatTreePath(path).slice(2);
      throw new GraftError("eval", `Unable to resolve \`${written}\`: ${found.message}`);
    }
    const value = found.value;
    return evaluate && value instanceof Expression ? this.#evaluateData(value) : value;
  }

  /** A reference's path with its `$VAR` and `[ref]` segments computed. */
  #concretePath(ref: RefNode): PathSegment[] {
    return ref.path.map((part) => {
      if (typeof part !== "object" || "field" in part) return part;
      if ("env" in part) return this.#env(part.env);
      const key = this.evaluate(part.ref);
      if (key === null || isMap(key) || Array.isArray(key)) {
        throw new GraftError(
          "eval",
          `\`${part.ref.text}\` must be a scalar to be used as a key in \`${ref.text}\``,
        );
      }
      return scalarText(key);
    });
  }

  /** An expression of the data, evaluated once (outside every loop). */
  #evaluateData(expression: Expression): Value {
    const known = this.#values.get(expression);
    if (known === PENDING) {
      throw new GraftError("eval", "cycle detected in operator data-flow graph");
    }
    if (known !== undefined) return known;
    let node: Node | null;
    try {
      node = this.#context.reader.scalar(expression.source);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      throw new GraftError("eval", `${expression.source}: ${error.message}`);
    }
    if (node === null) return expression.source;
    this.#values.set(expression, PENDING);
    try {
      const value = new Scope(this.#context, this.#values, null).evaluate(node);
      this.#values.set(expression, value);
      return value;
    } finally {
      if (this.#values.get(expression) === PENDING) this.#values.delete(expression);
    }
  }
}
