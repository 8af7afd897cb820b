/**
 * The contract between the evaluator and the operators: what an operator declares, and what a
 * call of it can ask of the evaluator while it runs.
 *
 * @module
 */

import type { Backends, Environment, Path, TreePath, Value, YamlMap } from "../core/mod.ts";
import type { CallNode, Node, RefNode } from "../expr/mod.ts";

/**
 * When an operator runs. spruce runs every merge-phase call (`inject`), then every param-phase
 * call (`param`), then everything else, re-reading the document between phases.
 */
export type Phase = "merge" | "param" | "eval";

/** What a merge-phase operator returns to merge a map into the map holding the call. */
export class Injection {
  constructor(readonly value: YamlMap) {}
}

/** The result of a call: the value that replaces the expression, or an {@link Injection}. */
export type CallResult = Value | Injection;

/** One operator, such as `grab` or `concat`. */
export interface Operator {
  /** The phase it runs in; `eval` when absent. */
  readonly phase?: Phase;
  /**
   * True when its calls must run one after the other in path order, because each call's result
   * depends on the calls before it (`static_ips` hands out addresses in order).
   */
  readonly serial?: boolean;
  /** True when its calls may name a backend target, `(( vault@prod ... ))`. */
  readonly targeted?: boolean;
  /**
   * False when the references written in its arguments are not read when it runs (`defer`
   * prints them), so they are no dependencies.
   */
  readonly readsArguments?: boolean;
  /** True when its results are secrets, which traces must not print (vault, nats, aws). */
  readonly secret?: boolean;
  /** Paths the call reads besides the references written in its arguments. */
  dependencies?(call: CallNode, context: PlanContext): TreePath[];
  /** Evaluates a call. Throw a `GraftError` with code `eval` to report a failure. */
  run(call: CallNode, context: CallContext): CallResult | Promise<CallResult>;
}

/** What an operator may consult while the dependency graph is built. */
export interface PlanContext {
  /** The merged document. */
  readonly root: YamlMap;
  /** The canonical path of the call's value. */
  readonly path: Path;
}

/** Settings of one run that operators read. */
export interface EvalSettings {
  /** Environment variables. */
  readonly env: Environment;
  /** `DEFAULT_ARRAY_MERGE_KEY`, tried first when a path names a list entry. */
  readonly arrayMergeKey?: string;
  /** The external stores of this run (NATS, Vault, AWS), opened on first use. */
  readonly backends?: Backends;
  /**
   * Backends whose calls are left in the output unevaluated (`--skip-nats`, `--skip-vault`,
   * `--skip-aws`): `"nats"`, `"vault"`, `"aws"`.
   */
  readonly skip?: ReadonlySet<string>;
  /** `REDACT` is set: secret operators answer `REDACTED` without contacting anything. */
  readonly redact?: boolean;
}

/** What a running call can ask of the evaluator. */
export interface CallContext {
  /** The merged document, as evaluated so far. */
  readonly root: YamlMap;
  /** The canonical path of the call's value (list entries by index). */
  readonly path: Path;
  /** The path as messages print it: list entries by their name where they have one. */
  readonly display: Path;
  /** Settings of this run. */
  readonly settings: EvalSettings;
  /**
   * Evaluates an argument: literals as they are, references to the value they name, environment
   * variables, nested calls, list/map literals, infix operations and `||` fallbacks.
   */
  evaluate(node: Node): Promise<Value>;
  /**
   * The value a reference names, looked up from the document root and then in the maps that
   * enclose the call, innermost first. Throws spruce's "Unable to resolve" error when neither has
   * it.
   */
  resolve(ref: RefNode): Promise<Value>;
  /** Queues a path for removal after evaluation (`(( prune ))`). */
  prune(path: Path): void;
  /** Prints a warning on standard error. */
  warn(message: string): void;
  /**
   * Leaves the whole expression holding this call in the output as written, unevaluated (a
   * skipped backend: `--skip-nats`), and makes the run end with exit code 3. Never returns.
   */
  defer(): never;
}
