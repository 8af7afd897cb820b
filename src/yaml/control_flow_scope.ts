/**
 * Evaluating control-flow expressions before the merge, against the document's own data and the
 * loop variables bound around them.
 *
 * An expression is evaluated by src/expr's `interpret`, as the evaluate stage evaluates one,
 * against this document alone: literals, references, `$ENV`, list and map literals, infix and
 * prefix operators, `?:`, `||` fallbacks and operator calls, nested ones included; a lone name is
 * a reference even when it names an operator. Expressions met in the data are evaluated the same way, once each, on first
 * use. The rules of the infix and prefix operators, truthiness, the typing of environment values
 * and the operators themselves are the evaluate stage's, handed in as
 * {@link ExpressionSemantics}: an operator call gets a {@link CallHost} to read its arguments
 * through (which operators may run here is the evaluate stage's call too).
 *
 * @module
 */

import {
  type Environment,
  Expression,
  formatTreePath,
  GraftError,
  isMap,
  type Path,
  type PathSegment,
  type Resolution,
  resolvePath,
  resolveReference,
  scalarText,
  type Value,
} from "../core/mod.ts";
import {
  type CallNode,
  type ExpressionRules,
  interpret,
  type InterpretHost,
  type Node,
  ParseError,
  type RefNode,
  requireEnv,
} from "../expr/mod.ts";
import { type BlockSite, type ExpressionReader, sitePath } from "./control_flow_syntax.ts";

/**
 * The semantics of the expression language that control flow borrows from the evaluate stage:
 * its typing rules (`applyBinary`, `applyUnary`, `truthy`, `parseEnvValue`) and its operators.
 */
export interface ExpressionSemantics extends ExpressionRules {
  /**
   * Runs an operator call, reading its arguments through `host`; throws a `GraftError` for an
   * operator that cannot run before the merge.
   */
  readonly call: (node: CallNode, host: CallHost) => Promise<Value>;
}

/** What an operator call in a control-flow expression reads from where it stands. */
export interface CallHost {
  /** The document's data, its expressions unevaluated: where references start. */
  readonly root: Value;
  /**
   * Where the call stands: the synthetic path of its block (`controlflow.if.L3`), or the path of
   * the data's expression that holds it.
   */
  readonly path: Path;
  /** Environment variables. */
  readonly env: Environment;
  /** Evaluates an argument: loop variables, the document's data, `$ENV`, nested calls... */
  evaluate(node: Node): Promise<Value>;
  /** The value a reference names, an expression of the data evaluated. */
  resolve(ref: RefNode): Promise<Value>;
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

/** What every scope of a document shares. */
interface Shared {
  readonly context: ScopeContext;
  readonly values: DataValues;
}

/** The loop variables in force at one place of a document, and how expressions read there. */
export class Scope implements CallHost, InterpretHost {
  readonly #shared: Shared;
  readonly #binding: LoopBinding | null;
  readonly #path: Path;
  /** The data's expression this scope evaluates; null for a block's expressions. */
  readonly #task: Expression | null;

  private constructor(
    shared: Shared,
    binding: LoopBinding | null,
    path: Path,
    task: Expression | null,
  ) {
    this.#shared = shared;
    this.#binding = binding;
    this.#path = path;
    this.#task = task;
  }

  /** The scope of a document outside every loop. */
  static of(context: ScopeContext): Scope {
    return new Scope({ context, values: new DataValues() }, null, [], null);
  }

  /** This scope with one more loop variable, which shadows a same-named key or variable. */
  bind(name: string, value: Value, site: BlockSite): Scope {
    const binding = { name, value, site, outer: this.#binding };
    return new Scope(this.#shared, binding, this.#path, this.#task);
  }

  /** This scope for the expressions of the block at `site`: its calls stand at its path. */
  within(site: BlockSite): Scope {
    return new Scope(this.#shared, this.#binding, sitePath(site), this.#task);
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

  get root(): Value {
    return this.#shared.context.data();
  }

  get path(): Path {
    return this.#path;
  }

  get env(): Environment {
    return this.#shared.context.env;
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
   *   or an operator fails or cannot run before the merge
   */
  evaluate(node: Node): Promise<Value> {
    return interpret(node, this);
  }

  get rules(): ExpressionRules {
    return this.#shared.context.semantics;
  }

  /** Runs a call through the semantics; `range` is only a `for`'s iterable. */
  async callValue(node: CallNode): Promise<Value> {
    if (node.name === "range") {
      throw new GraftError("eval", "range can only be the iterable of a (( for ))");
    }
    return await this.#shared.context.semantics.call(node, this);
  }

  /** Whether an expression's value counts as true. */
  async truthy(node: Node): Promise<boolean> {
    return this.rules.truthy(await this.evaluate(node));
  }

  /**
   * The value a reference names, an expression of the data evaluated.
   *
   * @throws {GraftError} when it does not resolve, or the expression fails
   */
  async resolve(ref: RefNode): Promise<Value> {
    const { value, path } = await this.#locate(ref);
    return value instanceof Expression ? await this.#evaluateData(value, path) : value;
  }

  /**
   * The value a reference names as it is written in the data (its expressions not evaluated).
   *
   * @throws {GraftError} when it does not resolve
   */
  async lookup(ref: RefNode): Promise<Value> {
    return (await this.#locate(ref)).value;
  }

  /**
   * Where a reference leads: into a loop variable's value, else into the data (then with the
   * value's path).
   */
  async #locate(ref: RefNode): Promise<{ value: Value; path: Path }> {
    const path = await this.#concretePath(ref);
    const first = path[0];
    const binding = typeof first === "string" ? this.#find(first) : null;
    const { context } = this.#shared;
    const options = { arrayMergeKey: context.env("DEFAULT_ARRAY_MERGE_KEY") || undefined };
    let found: Resolution;
    if (binding !== null) {
      found = resolvePath(new Map([[binding.name, binding.value]]), path, options);
    } else {
      // In the data, as in the evaluator, a name the root lacks may be an enclosing map's.
      const data = context.data();
      found = isMap(data)
        ? resolveReference(data, path, this.#path, options)
        : resolvePath(data, path, options);
    }
    if (!found.ok) {
      const written = formatTreePath(path).slice(2);
      throw new GraftError("eval", `Unable to resolve \`${written}\`: ${found.message}`);
    }
    return { value: found.value, path: binding === null ? found.path : [] };
  }

  /** A reference's path with its `$VAR` and `[ref]` segments computed. */
  async #concretePath(ref: RefNode): Promise<PathSegment[]> {
    const path: PathSegment[] = [];
    for (const part of ref.path) {
      if (typeof part !== "object" || "field" in part) path.push(part);
      else if ("env" in part) path.push(requireEnv(this.env, part.env));
      else {
        const key = await this.evaluate(part.ref);
        if (key === null || isMap(key) || Array.isArray(key)) {
          throw new GraftError(
            "eval",
            `\`${part.ref.text}\` must be a scalar to be used as a key in \`${ref.text}\``,
          );
        }
        path.push(scalarText(key));
      }
    }
    return path;
  }

  /** An expression of the data at `path`, evaluated once (outside every loop). */
  #evaluateData(expression: Expression, path: Path): Promise<Value> {
    return this.#shared.values.get(expression, this.#task, async () => {
      let node: Node | null;
      try {
        node = this.#shared.context.reader.scalar(expression.source);
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        throw new GraftError("eval", `${expression.source}: ${error.message}`);
      }
      if (node === null) return expression.source;
      return await new Scope(this.#shared, null, path, expression).evaluate(node);
    });
  }
}

/**
 * The values of the data's expressions, each evaluated once, and which expressions the
 * evaluation of each awaits: an expression that would await itself, directly or through others,
 * is a cycle.
 */
class DataValues {
  readonly #values = new Map<Expression, Promise<Value>>();
  readonly #awaits = new Map<Expression, Expression[]>();

  /**
   * The value of `expression`, computed by `compute` unless it is known or on its way (a failure
   * is not kept); `waiting` is the expression whose evaluation needs it, if any.
   *
   * @throws {GraftError} when `expression` awaits `waiting`
   */
  async get(
    expression: Expression,
    waiting: Expression | null,
    compute: () => Promise<Value>,
  ): Promise<Value> {
    if (waiting !== null) {
      if (this.#reaches(expression, waiting)) {
        throw new GraftError("eval", "cycle detected in operator data-flow graph");
      }
      const awaited = this.#awaits.get(waiting);
      if (awaited === undefined) this.#awaits.set(waiting, [expression]);
      else awaited.push(expression);
    }
    try {
      let value = this.#values.get(expression);
      if (value === undefined) {
        const computed = compute();
        computed.catch(() => this.#values.delete(expression));
        this.#values.set(expression, value = computed);
      }
      return await value;
    } finally {
      if (waiting !== null) {
        const awaited = this.#awaits.get(waiting)!;
        awaited.splice(awaited.indexOf(expression), 1);
      }
    }
  }

  /** True when `from` is `to`, or its evaluation awaits `to`, directly or through others. */
  #reaches(from: Expression, to: Expression): boolean {
    const seen = new Set<Expression>();
    const stack = [from];
    while (stack.length > 0) {
      const expression = stack.pop()!;
      if (expression === to) return true;
      if (seen.has(expression)) continue;
      seen.add(expression);
      stack.push(...(this.#awaits.get(expression) ?? []));
    }
    return false;
  }
}
