/**
 * The expression language as the pipeline uses it: the rules and operators control flow borrows
 * from the evaluate stage, graft's operators, the evaluator and the backends. The pipeline
 * imports this module only for inputs that hold `((`, so that a plain merge never loads the
 * evaluate stage (about fifty modules, a sixth of the start-up time of a small merge).
 *
 * @module
 */

import type { ExpressionSemantics } from "../yaml/mod.ts";
import { type DetachedCallOptions, EXPRESSION_RULES, runDetachedCall } from "../eval/mod.ts";
import { OPERATORS } from "../operators/mod.ts";
import { writeText } from "./io.ts";

export { evaluateDocument } from "../eval/mod.ts";
export { OPERATORS } from "../operators/mod.ts";
export { createBackends } from "../backends/mod.ts";

/**
 * Control flow's operator calls: graft's operators, their warnings printed on standard error
 * as the evaluator's are, while the input is read.
 */
const DETACHED: DetachedCallOptions = {
  registry: OPERATORS,
  onWarning: (message) => writeText(Deno.stderr, `warning: ${message}\n`),
};

/** The infix and prefix operators, truthiness, environment values and operators, for control flow. */
export const SEMANTICS: ExpressionSemantics = {
  ...EXPRESSION_RULES,
  call: (node, host) => runDetachedCall(node, host, DETACHED),
};
