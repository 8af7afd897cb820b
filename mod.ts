/**
 * graft as a library: load, merge, evaluate and emit YAML/JSON documents the way spruce does.
 *
 * @example
 * ```ts ignore
 * import { runMerge } from "jsr:@graft/cli/mod";
 * const { text } = await runMerge(
 *   [{ name: "a.yml", text: "a: 1\nb: (( grab a ))\n" }],
 *   {},
 *   { env: (name) => Deno.env.get(name), warn: console.error },
 * );
 * ```
 *
 * @module
 */

export {
  Expression,
  Float,
  GraftError,
  GraftErrors,
  type Key,
  type Origin,
  type Path,
  type Value,
  type YamlMap,
} from "./src/core/mod.ts";
export { emitJson, emitYaml, loadYaml } from "./src/yaml/mod.ts";
export { mergeDocuments, type MergeOptions } from "./src/merge/mod.ts";
export { evaluateDocument, type EvaluateOptions, type Operator } from "./src/eval/mod.ts";
export { OPERATORS } from "./src/operators/mod.ts";
export { main, type MergeFlags, runMerge } from "./src/cli/mod.ts";
