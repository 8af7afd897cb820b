/**
 * The evaluate stage: planning the data flow of a document's `(( ... ))` expressions and running
 * them, and the contract operators implement.
 *
 * @module
 */

export * from "./operator.ts";
export {
  evaluateDocument,
  type EvaluateOptions,
  type EvaluateResult,
  EXPRESSION_RULES,
} from "./evaluate.ts";
export { type Registry } from "./plan.ts";
export { applyBinary, applyUnary, truthy } from "./infix.ts";
export { parseEnvValue } from "./env.ts";
export { type DetachedCallOptions, runDetachedCall } from "./detached_call.ts";
export type * from "./backends.ts";
