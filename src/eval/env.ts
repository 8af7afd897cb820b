/**
 * Environment variable values as spruce reads them: YAML-typed (`8080` is an int, `true` a
 * boolean, `[a, b]` a list), plain text otherwise.
 *
 * @module
 */

import type { Value } from "../core/mod.ts";
import { loadYaml, resolvePlainScalar } from "../yaml/mod.ts";

/** The value of an environment variable, typed as a YAML scalar or parsed as flow YAML. */
export function parseEnvValue(text: string): Value {
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return loadYaml(text, "environment", { expressions: false })[0] ?? text;
    } catch {
      return text;
    }
  }
  return text.includes("\n") ? text : resolvePlainScalar(text);
}
