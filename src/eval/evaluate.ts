/**
 * The evaluator: runs the `(( ... ))` calls of a merged document phase by phase (merge-phase
 * `inject`, then `param`, then everything else), each call after the calls it reads, calls with
 * nothing between them concurrently, and replaces each expression by its value.
 *
 * @module
 */

import {
  type Environment,
  Expression,
  formatTreePath,
  GraftError,
  GraftErrors,
  type Path,
  resolvePath,
  resolveReference,
  scalarText,
  type TreePath,
  type Value,
  withoutCredentials,
  type YamlMap,
} from "../core/mod.ts";
import { mergeValues, type PendingSort } from "../merge/mod.ts";
import {
  type CallNode,
  type ExpressionRules,
  interpret,
  type InterpretHost,
  type Node,
  type RefNode,
  requireEnv,
} from "../expr/mod.ts";
import { applyBinary, applyUnary, truthy } from "./infix.ts";
import { parseEnvValue } from "./env.ts";
import {
  type CallContext,
  type CallResult,
  type EvalSettings,
  Injection,
  type Phase,
} from "./operator.ts";
import {
  displayPath,
  ExpressionParser,
  findSites,
  type PhasePlan,
  planPhase,
  type Registry,
  type Site,
} from "./plan.ts";

/** What {@link evaluateDocument} needs besides the document. */
export interface EvaluateOptions {
  /** The operators by name. */
  readonly registry: Registry;
  /** Settings operators read. */
  readonly settings: EvalSettings;
  /** Receives warnings (without the `warning: ` prefix). */
  readonly onWarning?: (message: string) => void;
  /**
   * `--cherry-pick`: evaluate only the calls at or below these paths, and the calls they read.
   * Everything when absent or empty.
   */
  readonly only?: readonly TreePath[];
  /** Receives one line per call as it finishes (`-T`/`--trace`): path, expression, outcome. */
  readonly trace?: (line: string) => void;
}

/** What evaluation leaves for post-processing. */
export interface EvaluateResult {
  /** Paths marked by `(( prune ))`, to remove after evaluation. */
  readonly prunePaths: Path[];
  /** Lists marked by `(( sort ))` ghosts met while merging injected maps. */
  readonly sortPaths: PendingSort[];
  /** How many calls were left in the output on purpose (skipped backends). */
  deferred: number;
}

const PHASES: readonly Phase[] = ["merge", "param", "eval"];

/** graft's typing rules of the infix and prefix operators, truthiness and `$ENV` values. */
export const EXPRESSION_RULES: ExpressionRules = {
  binary: applyBinary,
  unary: applyUnary,
  truthy,
  envValue: parseEnvValue,
};

/** Thrown through the evaluation of a call that reads a call that failed; never reported. */
class DependencyFailed extends Error {}

/** Thrown by `defer()`: the expression stays in the output as written. */
class Deferral extends Error {}

/**
 * Evaluates every expression of a merged document in place.
 *
 * @throws {GraftErrors} every syntax error and cycle before anything runs; otherwise every call
 *   that failed (param failures alone, before the eval phase, as spruce reports them)
 * @throws {GraftError} `Hit max recursion depth...` when the result refers to itself
 */
export async function evaluateDocument(
  root: YamlMap,
  options: EvaluateOptions,
): Promise<EvaluateResult> {
  const parser = new ExpressionParser(options.registry);
  const ghosts: Ghosts = { prunePaths: [], sortPaths: [], deferred: 0 };
  const secrets = new Secrets();
  const failures: GraftError[] = [];
  let { sites, errors } = findSites(root, parser, options.settings.arrayMergeKey);
  let plans = planAll(root, sites, options, errors);
  let placedContainers = false;
  for (const phase of PHASES) {
    const plan = restrict(plans.get(phase)!, root, options);
    if (plan.sites.length === 0) continue;
    const run = new PhaseRun(root, plan, options, ghosts, secrets);
    const phaseFailures = await run.run();
    placedContainers ||= run.placedContainers;
    if (phase === "param" && phaseFailures.length > 0) throw new GraftErrors(phaseFailures);
    failures.push(...phaseFailures);
    if (phase === "merge") {
      // Injected maps bring expressions of their own: plan the later phases again.
      ({ sites, errors } = findSites(root, parser, options.settings.arrayMergeKey));
      plans = planAll(root, sites, options, errors);
    }
  }
  // Parsed and merged documents are trees: only a call that placed a map or list can have made
  // the document contain itself.
  if (placedContainers) assertAcyclic(root);
  if (failures.length > 0) throw new GraftErrors(failures);
  return ghosts;
}

/** The prune and sort records and the deferred count evaluation collects. */
type Ghosts = EvaluateResult;

/**
 * The values secret operators (vault, nats, aws) returned in this run: masked wherever graft
 * prints text of its own (traces, error messages, warnings), since other calls may carry them
 * into their messages (`grab`, `base64-decode`, ...).
 */
class Secrets {
  /** Shorter values would mask ordinary words of messages. */
  static readonly MIN_LENGTH = 3;
  readonly #values = new Set<string>();

  /** Records the strings of a secret operator's result. */
  add(value: Value): void {
    if (typeof value === "string") {
      if (value.length >= Secrets.MIN_LENGTH) this.#values.add(value);
    } else if (value instanceof Map) {
      for (const item of value.values()) this.add(item);
    } else if (Array.isArray(value)) {
      value.forEach((item) => this.add(item));
    }
  }

  /** The text with every recorded secret replaced by `<secret>`. */
  mask(text: string): string {
    let masked = text;
    for (const value of this.#values) masked = masked.replaceAll(value, "<secret>");
    return masked;
  }
}

/**
 * The plan limited to the calls at or below the `only` paths and, transitively, the calls they
 * read (spruce evaluates just that much for `--cherry-pick`).
 */
function restrict(plan: PhasePlan, root: YamlMap, options: EvaluateOptions): PhasePlan {
  if (!options.only?.length) return plan;
  const picked = options.only.flatMap((path) => {
    const found = resolvePath(root, path, { arrayMergeKey: options.settings.arrayMergeKey });
    return found.ok ? [found.path.join(".")] : [];
  });
  const keep = new Set<Site>();
  const add = (site: Site) => {
    if (keep.has(site)) return;
    keep.add(site);
    plan.dependencies.get(site)?.forEach(add);
  };
  for (const site of plan.sites) {
    if (picked.some((id) => id === "" || site.id === id || site.id.startsWith(`${id}.`))) add(site);
  }
  return { ...plan, sites: plan.sites.filter((site) => keep.has(site)) };
}

function planAll(
  root: YamlMap,
  sites: readonly Site[],
  options: EvaluateOptions,
  errors: GraftError[],
): Map<Phase, PhasePlan> {
  const plans = new Map<Phase, PhasePlan>();
  for (const phase of PHASES) {
    try {
      plans.set(phase, planPhase(root, sites, phase, options.registry, options.settings.env));
    } catch (error) {
      if (!(error instanceof GraftError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new GraftErrors(errors);
  return plans;
}

/** The calls of one phase as they run. */
class PhaseRun {
  readonly #root: YamlMap;
  readonly #plan: PhasePlan;
  readonly #options: EvaluateOptions;
  readonly #ghosts: Ghosts;
  readonly #secrets: Secrets;
  readonly #failures: GraftError[] = [];
  /** Each started call's outcome: true when its value is in place. */
  readonly #outcomes = new Map<Site, Promise<boolean>>();
  /**
   * Calls that running calls wait for beyond their planned dependencies (found while running),
   * to catch the cycles the plan could not see.
   */
  readonly #waitsAlsoFor = new Map<Site, Site[]>();
  readonly #siteOf: Map<Expression, Site>;
  #placedContainers = false;

  constructor(
    root: YamlMap,
    plan: PhasePlan,
    options: EvaluateOptions,
    ghosts: Ghosts,
    secrets: Secrets,
  ) {
    this.#root = root;
    this.#plan = plan;
    this.#options = options;
    this.#ghosts = ghosts;
    this.#secrets = secrets;
    this.#siteOf = new Map(plan.sites.map((site) => [site.expression, site]));
  }

  /** Runs every call; returns the failures. */
  async run(): Promise<GraftError[]> {
    await Promise.all(this.#plan.sites.map((site) => this.#start(site)));
    return this.#failures;
  }

  #start(site: Site): Promise<boolean> {
    let outcome = this.#outcomes.get(site);
    if (!outcome) {
      const dependencies = this.#plan.dependencies.get(site) ?? [];
      const previous = this.#plan.after.get(site);
      if (dependencies.length === 0 && !previous) {
        outcome = this.#execute(site);
      } else {
        outcome = Promise.all([
          Promise.all(dependencies.map((d) => this.#start(d))),
          previous && this.#start(previous),
        ]).then(([ready]) => ready.every(Boolean) && this.#execute(site));
      }
      this.#outcomes.set(site, outcome);
    }
    return outcome;
  }

  async #execute(site: Site): Promise<boolean> {
    const context = new Context(this, site);
    try {
      const result = site.node.kind === "call"
        ? await context.call(site.node)
        : await context.evaluate(site.node);
      this.#apply(site, result);
      this.#trace(site, () => `= ${summarize(result)}`);
      return true;
    } catch (error) {
      if (error instanceof DependencyFailed) {
        this.#trace(site, () => "skipped: it reads a call that failed");
        return false;
      }
      if (error instanceof Deferral) {
        this.#ghosts.deferred++;
        this.#trace(site, () => "deferred: left in the output as written");
        return true;
      }
      const failure = located(error, site, this.displayOf(site), this.#secrets);
      this.#trace(site, () => `failed: ${failure.message}`);
      this.#failures.push(failure);
      return false;
    } finally {
      this.#waitsAlsoFor.delete(site);
    }
  }

  #trace(site: Site, outcome: () => string): void {
    const trace = this.#options.trace;
    if (!trace) return;
    const source = withoutCredentials(site.expression.source);
    trace(this.#secrets.mask(`$.${this.displayOf(site).join(".")}: ${source} ${outcome()}`));
  }

  /** The secrets met so far, to record a secret operator's result in. */
  get secrets(): Secrets {
    return this.#secrets;
  }

  /** Whether a call put a map or a list into the document (which may then contain itself). */
  get placedContainers(): boolean {
    return this.#placedContainers;
  }

  #apply(site: Site, result: CallResult): void {
    if (result instanceof Injection || result instanceof Map || Array.isArray(result)) {
      this.#placedContainers = true;
    }
    if (result instanceof Injection) {
      // spruce: keys the map holding the call already has win over injected ones.
      const parent = site.parent as YamlMap;
      parent.delete(site.key);
      for (const [key, value] of result.value) {
        const existing = parent.get(key);
        if (existing === undefined) {
          parent.set(key, value);
          continue;
        }
        const at = [...site.path.slice(0, -1), typeof key === "string" ? key : String(key)];
        const merged = mergeValues(value, existing, {
          fallbackAppend: true,
          at,
          arrayMergeKey: this.#options.settings.arrayMergeKey,
        });
        parent.set(key, merged.value);
        this.#ghosts.prunePaths.push(...merged.prunePaths);
        this.#ghosts.sortPaths.push(...merged.sortPaths);
      }
    } else if (site.parent instanceof Map) {
      site.parent.set(site.key, result);
    } else {
      site.parent[site.key as number] = result;
    }
  }

  /**
   * Waits for the call whose expression a reference reached, when it belongs to this phase and
   * has not run: a dependency the plan could not see (a path computed while running).
   */
  async awaitExpression(waiting: Site, expression: Expression): Promise<void> {
    const target = this.#siteOf.get(expression);
    if (!target) return;
    if (this.#reaches(target, waiting)) {
      throw new GraftError("eval", "cycle detected in operator data-flow graph");
    }
    const also = this.#waitsAlsoFor.get(waiting);
    if (also) also.push(target);
    else this.#waitsAlsoFor.set(waiting, [target]);
    if (!(await this.#start(target))) throw new DependencyFailed();
  }

  #reaches(from: Site, to: Site): boolean {
    const seen = new Set<Site>();
    const stack = [from];
    while (stack.length > 0) {
      const site = stack.pop()!;
      if (site === to) return true;
      if (seen.has(site)) continue;
      seen.add(site);
      stack.push(...(this.#plan.dependencies.get(site) ?? []));
      stack.push(...(this.#waitsAlsoFor.get(site) ?? []));
      const previous = this.#plan.after.get(site);
      if (previous) stack.push(previous);
    }
    return false;
  }

  get root(): YamlMap {
    return this.#root;
  }

  /** A site's path as messages print it. */
  displayOf(site: Site): Path {
    return displayPath(this.#root, site.path, this.#options.settings.arrayMergeKey);
  }

  get options(): EvaluateOptions {
    return this.#options;
  }

  prune(path: Path): void {
    this.#ghosts.prunePaths.push(path);
  }
}

/** A short description of a call's result for traces: scalars as text, collections by size. */
function summarize(result: CallResult): string {
  if (result instanceof Injection) return `injects ${result.value.size} key(s)`;
  if (result instanceof Map) return `a map of ${result.size} key(s)`;
  if (Array.isArray(result)) return `a list of ${result.length} item(s)`;
  if (typeof result === "string") {
    return JSON.stringify(result.length > 60 ? `${result.slice(0, 60)}...` : result);
  }
  return result instanceof Uint8Array ? `${result.length} bytes` : scalarText(result);
}

/**
 * A failure of a call as spruce prints it: at the call's path, with its origin, and without the
 * secrets the run has met.
 */
function located(error: unknown, site: Site, display: Path, secrets: Secrets): GraftError {
  const origin = site.expression.origin;
  if (error instanceof GraftError) {
    return new GraftError("eval", secrets.mask(error.message), {
      path: error.path ?? display,
      origin: error.origin ?? origin,
      detail: error.detail === undefined ? undefined : secrets.mask(error.detail),
      fatal: error.fatal,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GraftError("internal", secrets.mask(`internal error: ${message}`), {
    path: display,
    origin,
  });
}

/** What a running call sees: the {@link CallContext} of one site. */
class Context implements CallContext, InterpretHost {
  readonly #run: PhaseRun;
  readonly #site: Site;

  constructor(run: PhaseRun, site: Site) {
    this.#run = run;
    this.#site = site;
  }

  get root(): YamlMap {
    return this.#run.root;
  }

  get path(): Path {
    return this.#site.path;
  }

  get display(): Path {
    return this.#run.displayOf(this.#site);
  }

  get settings(): EvalSettings {
    return this.#run.options.settings;
  }

  /** Runs a call (the site's own, or one nested in it). */
  async call(node: CallNode): Promise<CallResult> {
    const operator = this.#run.options.registry.get(node.name);
    if (!operator) throw new GraftError("eval", `(( ${node.name} )) operator not defined`);
    const result = await operator.run(node, this);
    if (operator.secret && !(result instanceof Injection)) this.#run.secrets.add(result);
    return result;
  }

  evaluate(node: Node): Promise<Value> {
    return interpret(node, this);
  }

  get rules(): ExpressionRules {
    return EXPRESSION_RULES;
  }

  get env(): Environment {
    return this.settings.env;
  }

  /** Runs a call nested in an expression, which cannot inject keys there. */
  async callValue(node: CallNode): Promise<Value> {
    const result = await this.call(node);
    if (result instanceof Injection) {
      throw new GraftError("eval", `(( ${node.name} )) cannot be used inside an expression`);
    }
    return result;
  }

  resolve(ref: RefNode): Promise<Value> {
    if (isStatic(ref)) {
      // The common case, without a detour through the event loop: a path known as written,
      // whose value is already computed.
      try {
        const value = this.#lookup(ref.path as TreePath);
        if (!(value instanceof Expression)) return Promise.resolve(value);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#resolveSlowly(ref);
  }

  async #resolveSlowly(ref: RefNode): Promise<Value> {
    const path = await this.#concretePath(ref);
    for (;;) {
      const value = this.#lookup(path);
      if (!(value instanceof Expression)) return value;
      const before = value;
      await this.#run.awaitExpression(this.#site, value);
      if (this.#lookup(path) === before) return before;
    }
  }

  /** The value at a path: from the root, else from the enclosing maps of the call. */
  #lookup(path: TreePath): Value {
    const options = { arrayMergeKey: this.settings.arrayMergeKey };
    const found = resolveReference(this.root, path, this.path, options);
    if (found.ok) return found.value;
    const written = formatTreePath(path).slice(2);
    throw new GraftError("eval", `Unable to resolve \`${written}\`: ${found.message}`);
  }

  /** A reference's path with its `$VAR` and `[ref]` segments computed. */
  async #concretePath(ref: RefNode): Promise<TreePath> {
    const path = [];
    for (const part of ref.path) {
      if (typeof part !== "object" || "field" in part) path.push(part);
      else if ("env" in part) path.push(requireEnv(this.env, part.env));
      else {
        const key = await this.resolve(part.ref);
        if (key instanceof Map || Array.isArray(key) || key === null) {
          throw new GraftError(
            "eval",
            `\`${part.ref.text}\` must be a scalar to be used as a key in \`${ref.text}\``,
          );
        }
        path.push(String(key instanceof Expression ? key.source : key));
      }
    }
    return path;
  }

  prune(path: Path): void {
    this.#run.prune(path);
  }

  warn(message: string): void {
    this.#run.options.onWarning?.(this.#run.secrets.mask(message));
  }

  defer(): never {
    throw new Deferral();
  }
}

/** True for a reference whose path has no `$VAR` or `[ref]` segment to compute. */
function isStatic(ref: RefNode): boolean {
  for (const part of ref.path) {
    if (typeof part === "object" && !("field" in part)) return false;
  }
  return true;
}

/**
 * spruce's guard against a document that contains itself (a grab of a map from inside it):
 * such a document cannot be printed.
 */
function assertAcyclic(root: YamlMap): void {
  const active = new Set<object>();
  const done = new Set<object>();
  const visit = (value: Value): void => {
    if (!(value instanceof Map) && !Array.isArray(value)) return;
    if (done.has(value)) return;
    if (active.has(value)) {
      throw new GraftError(
        "eval",
        "Hit max recursion depth. You seem to have a self-referencing dataset",
      );
    }
    active.add(value);
    for (const child of value instanceof Map ? value.values() : value) visit(child);
    active.delete(value);
    done.add(value);
  };
  visit(root);
}
