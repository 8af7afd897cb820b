/**
 * The load and emit stages: YAML/JSON text to values (spruce's YAML 1.1 typing, expressions with
 * their origins) and values back to spruce-identical YAML or JSON text.
 *
 * @module
 */

export { type LoadOptions, loadYaml } from "./load.ts";
export {
  type CallHost,
  ControlFlowError,
  type ControlFlowExpansion,
  type ControlFlowOptions,
  expandControlFlow,
  type ExpressionSemantics,
  loadTemplate,
  type TemplateOptions,
} from "./control_flow.ts";
export { createOriginFinder, findOrigin, type OriginFinder } from "./positions.ts";
export { type EmitOptions, emitYaml } from "./emit.ts";
export { emitJson, emitJsonIndent, type JsonOptions } from "./emit_json.ts";
export { compareKeys } from "./key_order.ts";
export { resolvePlainScalar } from "./resolve.ts";
