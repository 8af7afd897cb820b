/**
 * The expression language as the pipeline uses it: the rules control flow borrows from the
 * evaluate stage, graft's operators, the evaluator and the backends. The pipeline imports this
 * module only for inputs that hold `((`, so that a plain merge never loads the evaluate stage
 * (about fifty modules, a sixth of the start-up time of a small merge).
 *
 * @module
 */

import type { ExpressionSemantics } from "../yaml/mod.ts";
import { applyBinary, applyUnary, parseEnvValue, truthy } from "../eval/mod.ts";

export { evaluateDocument } from "../eval/mod.ts";
export { OPERATORS } from "../operators/mod.ts";
export { createBackends } from "../backends/mod.ts";

/** The infix and prefix operators, truthiness and environment values, for control flow. */
export const SEMANTICS: ExpressionSemantics = {
  binary: applyBinary,
  unary: applyUnary,
  truthy,
  envValue: parseEnvValue,
};
