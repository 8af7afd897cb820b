/**
 * Test doubles for the control-flow tests: expression semantics close to the evaluate stage's
 * for ints, strings and booleans, with three operators (the real ones live in src/eval and
 * src/operators, which src/yaml cannot import; src/eval/detached_call_test.ts and the golden
 * tests run the real ones).
 *
 * @module
 */

import { GraftError, isInt, isMap, scalarText, type Value } from "../core/mod.ts";
import type { ControlFlowOptions } from "./control_flow.ts";
import type { ExpressionSemantics } from "./control_flow_scope.ts";

function number(value: Value): number {
  if (!isInt(value)) throw new TypeError(`not an int: ${String(value)}`);
  return Number(value);
}

/** `==`, `!=`, comparisons and `+ - *` on ints, `+` on strings, spruce's truthiness. */
export const TEST_SEMANTICS: ExpressionSemantics = {
  binary(op, a, b) {
    switch (op) {
      case "==":
        return a === b;
      case "!=":
        return a !== b;
      case "<":
        return number(a) < number(b);
      case ">":
        return number(a) > number(b);
      case "+":
        return typeof a === "string" || typeof b === "string" ? `${a}${b}` : number(a) + number(b);
      case "-":
        return number(a) - number(b);
      case "*":
        return number(a) * number(b);
      default:
        throw new TypeError(`untested operator ${op}`);
    }
  },
  unary: (op, value) => op === "!" ? !TEST_SEMANTICS.truthy(value) : -number(value),
  truthy: (value) =>
    !(value === null || value === false || value === "" || value === 0 ||
      (Array.isArray(value) && value.length === 0) || (value instanceof Map && value.size === 0)),
  envValue: (text) => /^\d+$/.test(text) ? Number(text) : text,
  call: async (node, host) => {
    // Arguments evaluated together, as the real operators evaluate them.
    const args = await Promise.all(node.args.map((arg) => host.evaluate(arg)));
    switch (node.name) {
      case "grab":
        return args.length === 1 ? args[0] : args;
      case "concat":
        return args.map((arg) => scalarText(arg)).join("");
      case "keys":
        return args.flatMap((arg) => isMap(arg) ? [...arg.keys()].map(String).sort() : []);
      default:
        throw new GraftError("eval", `(( ${node.name} )) is not a test operator`);
    }
  },
};

/** Control-flow options with {@link TEST_SEMANTICS}, its operators, and `env` as given. */
export function testOptions(env: Record<string, string> = {}): ControlFlowOptions {
  return {
    semantics: TEST_SEMANTICS,
    operators: ["grab", "concat", "keys", "vault"],
    env: (name) => env[name],
  };
}
