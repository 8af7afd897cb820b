/**
 * Runs one operator call outside a document evaluation: a call in a control-flow expression,
 * made while an input is read, before any merge, with its arguments read by the control-flow
 * scope (loop variables, the input's own data, `$ENV`).
 *
 * @module
 */

import { GraftError, isMap, type Path, type Value, type YamlMap } from "../core/mod.ts";
import type { CallNode, Node, RefNode } from "../expr/mod.ts";
import type { CallHost } from "../yaml/mod.ts";
import { type CallContext, type EvalSettings, Injection, type Operator } from "./operator.ts";
import type { Registry } from "./plan.ts";

/** What {@link runDetachedCall} needs besides the call and where it stands. */
export interface DetachedCallOptions {
  /** The operators by name. */
  readonly registry: Registry;
  /** Receives the operators' warnings (without the `warning: ` prefix). */
  readonly onWarning: (message: string) => void;
}

/**
 * Runs an operator call before the merge. Operators that need what only exists later are
 * refused: backend operators (`vault`, `nats`, `awsparam`, ...), merge- and param-phase ones
 * (`inject`, `sort`, `param`), serial ones (`static_ips`, whose calls depend on one another),
 * and `prune`, which has no document to prune from. The refusals are fatal: no `||` stands in
 * for them. src/cli/language.ts hands this to control flow as `ExpressionSemantics.call`.
 *
 * @throws {GraftError} for a refused operator, or the operator's own failure
 */
export async function runDetachedCall(
  call: CallNode,
  host: CallHost,
  options: DetachedCallOptions,
): Promise<Value> {
  const operator = options.registry.get(call.name);
  if (!operator) throw new GraftError("eval", `(( ${call.name} )) operator not defined`);
  const reason = refusalOf(operator);
  if (reason !== undefined) throw refusal(call, reason);
  const result = await operator.run(call, new DetachedContext(call, host, options));
  if (result instanceof Injection) {
    throw new GraftError("eval", `(( ${call.name} )) cannot be used inside an expression`);
  }
  return result;
}

/** Why an operator cannot run before the merge; undefined when it can. */
function refusalOf(operator: Operator): string | undefined {
  if (operator.targeted) return "backends are read after control flow is expanded";
  const phase = operator.phase ?? "eval";
  if (phase !== "eval") {
    return `it runs in the ${phase} phase, on the merged documents, after control flow is expanded`;
  }
  if (operator.serial) return "its calls depend on one another across the merged document";
  return undefined;
}

function refusal(call: CallNode, reason: string): GraftError {
  return new GraftError(
    "eval",
    `(( ${call.name} )) cannot be used in a control-flow expression: ${reason}`,
    { fatal: true },
  );
}

/** What a call made before the merge sees: its host's scope, and no document being evaluated. */
class DetachedContext implements CallContext {
  readonly #call: CallNode;
  readonly #host: CallHost;
  readonly #options: DetachedCallOptions;
  readonly settings: EvalSettings;

  constructor(call: CallNode, host: CallHost, options: DetachedCallOptions) {
    this.#call = call;
    this.#host = host;
    this.#options = options;
    const env = host.env;
    this.settings = { env, arrayMergeKey: env("DEFAULT_ARRAY_MERGE_KEY") || undefined };
  }

  /** The input's data; an empty map when it is not a map. */
  get root(): YamlMap {
    const root = this.#host.root;
    return isMap(root) ? root : new Map();
  }

  get path(): Path {
    return this.#host.path;
  }

  get display(): Path {
    return this.#host.path;
  }

  evaluate(node: Node): Promise<Value> {
    return this.#host.evaluate(node);
  }

  resolve(ref: RefNode): Promise<Value> {
    return this.#host.resolve(ref);
  }

  prune(): never {
    throw refusal(
      this.#call,
      "it removes a value from the merged document, which does not exist yet",
    );
  }

  warn(message: string): void {
    this.#options.onWarning(message);
  }

  defer(): never {
    throw refusal(this.#call, "control flow cannot be left unexpanded");
  }
}
