/**
 * The one interpreter of the expression language: the value of a syntax tree, by the rules the
 * evaluate stage and control flow share. Literals stand for themselves; `$ENV` is a variable's
 * text typed; list and map literals evaluate their items concurrently; `a || b` falls back to
 * `b` when `a` fails recoverably; `a && b` short-circuits and gives a boolean; `?:` evaluates
 * only the branch it takes; infix operands are evaluated left to right.
 *
 * What differs between the callers comes through an {@link InterpretHost}: how references
 * resolve, how calls run, and the operators' typing rules (the evaluate stage's, which src/expr
 * cannot import).
 *
 * @module
 */

import { type Environment, GraftError, isRecoverable, type Value } from "../core/mod.ts";
import type { BinaryOperator, CallNode, LiteralNode, Node, RefNode } from "./ast.ts";

/** The typing rules of the expression language: infix and prefix operators, truthiness, `$ENV`. */
export interface ExpressionRules {
  /** An infix operator other than `&&`. */
  readonly binary: (op: Exclude<BinaryOperator, "&&">, left: Value, right: Value) => Value;
  /** `!x` or `-x`. */
  readonly unary: (op: "!" | "-", value: Value) => Value;
  /** Whether a value counts as true. */
  readonly truthy: (value: Value) => boolean;
  /** The value of an environment variable's text. */
  readonly envValue: (text: string) => Value;
}

/** What {@link interpret} reads from the place an expression is evaluated. */
export interface InterpretHost {
  /** The typing rules of the operators. */
  readonly rules: ExpressionRules;
  /** Environment variables. */
  readonly env: Environment;
  /** The value a reference names; failures come as a rejected promise. */
  resolve(ref: RefNode): Promise<Value>;
  /** The value of an operator call inside an expression. */
  callValue(call: CallNode): Promise<Value>;
}

/**
 * The value of an expression. A literal or a reference is answered without an async frame of its
 * own (the common operands, met once per call on large documents).
 *
 * @throws {GraftError} as the host's references and calls do, or when an environment variable
 *   is not set or an operator's rules refuse its operands
 */
export function interpret(node: Node, host: InterpretHost): Promise<Value> {
  if (node.kind === "literal") return Promise.resolve(node.value);
  if (node.kind === "ref") return host.resolve(node);
  return interpretCompound(node, host);
}

/**
 * The text of an environment variable, as an operand or a path segment (`a.$ENV.b`).
 *
 * @throws {GraftError} when it is not set or empty
 */
export function requireEnv(env: Environment, name: string): string {
  const value = env(name);
  if (!value) throw new GraftError("eval", `Environment variable $${name} is not set`);
  return value;
}

async function interpretCompound(
  node: Exclude<Node, LiteralNode | RefNode>,
  host: InterpretHost,
): Promise<Value> {
  switch (node.kind) {
    case "env":
      return host.rules.envValue(requireEnv(host.env, node.name));
    case "list":
      return await Promise.all(node.items.map((item) => interpret(item, host)));
    case "map": {
      const values = await Promise.all(node.entries.map((entry) => interpret(entry.value, host)));
      return new Map(node.entries.map((entry, i) => [entry.key, values[i]]));
    }
    case "call":
      return await host.callValue(node);
    case "or":
      try {
        return await interpret(node.left, host);
      } catch (error) {
        if (isRecoverable(error)) return await interpret(node.right, host);
        throw error;
      }
    case "unary":
      return host.rules.unary(node.op, await interpret(node.operand, host));
    case "binary": {
      const { rules } = host;
      if (node.op === "&&") {
        return rules.truthy(await interpret(node.left, host)) &&
          rules.truthy(await interpret(node.right, host));
      }
      const left = await interpret(node.left, host);
      return rules.binary(node.op, left, await interpret(node.right, host));
    }
    case "ternary":
      return await interpret(
        host.rules.truthy(await interpret(node.condition, host)) ? node.whenTrue : node.whenFalse,
        host,
      );
  }
}
