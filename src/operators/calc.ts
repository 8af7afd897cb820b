/**
 * `(( calc "EXPR" ))`: arithmetic over document values.
 *
 * @module
 */

import {
  Expression,
  Float,
  GraftError,
  isInt,
  parsePath,
  type Path,
  resolvePath,
  type TreePath,
  typeName,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import type { CallContext, Operator } from "../eval/mod.ts";
import { goKind } from "../merge/mod.ts";
import type { CallNode, Node } from "../expr/mod.ts";
import { CalcExpression, type CalcOperand, calcValue } from "./calc_expression.ts";

/**
 * The `calc` operator: exactly one argument.
 *
 * - A quoted expression (spruce) is read as govaluate reads it (see `calc_expression.ts`). A
 *   dotted name in it is a path from the document root, which must hold a number; a bare name
 *   is a key of the map holding the call, else a key of the root (graft), and is an unknown
 *   variable when neither has it.
 * - An unquoted expression, `(( calc a + b ))` (graft), is evaluated with the expression
 *   language's own operators and must give a number or a boolean.
 * - `EXPR || FALLBACK` (graft): the fallback's value, as it is, when the expression fails.
 * - A reference, call, environment variable, list or map alone is an error, as in spruce.
 * - The leading-operator form, `(( calc * 2 ))`, is an error: graft applies it to the value the
 *   path had in the previous file, which no longer exists once the files are merged.
 *
 * A whole-number float result becomes an int.
 *
 * @example
 * ```yaml
 * instances: (( calc "floor(meta.target_mem / 32)" ))
 * total:     (( calc meta.web + meta.workers ))
 * ```
 */
export const calc: Operator = {
  dependencies(call, context) {
    const text = quotedExpression(call);
    if (text === undefined) return [];
    const expression = parsedExpression(text);
    const names = expression.names.map((name) => namePath(name, context.root, context.path));
    return [...expression.paths.map(parsePath), ...names.filter((path) => path !== undefined)];
  },

  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError(
        "eval",
        "calc operator only expects one argument containing the expression",
      );
    }
    return await calcArgument(call.args[0], context);
  },
};

/** The value of calc's one argument, in any of its forms. */
async function calcArgument(arg: Node, context: CallContext): Promise<Value> {
  const written = writtenText(arg);
  if (written?.quoted) return await evaluateQuoted(written.text, context);
  if (written) {
    throw new GraftError(
      "eval",
      `calc operator cannot apply (( calc ${written.text} )) to the value from an earlier file ` +
        "(the leading-operator form is not supported): write the whole expression instead",
    );
  }
  if (arg.kind === "or") {
    try {
      return await calcArgument(arg.left, context);
    } catch (error) {
      if (!(error instanceof GraftError) || error.fatal) throw error;
      return await context.evaluate(arg.right);
    }
  }
  if (NOT_EXPRESSIONS.has(arg.kind)) {
    throw new GraftError(
      "eval",
      "calc operator argument is suppose to be a quoted mathematical expression (type Literal)",
    );
  }
  const value = await context.evaluate(arg);
  if (value instanceof Float) return calcValue(value.value);
  if (isInt(value) || typeof value === "boolean") return value;
  throw new GraftError(
    "eval",
    `calc operator expression must evaluate to a number, got a ${typeName(value)}`,
  );
}

/** Arguments spruce rejects as not being a quoted expression. */
const NOT_EXPRESSIONS: ReadonlySet<Node["kind"]> = new Set(["ref", "call", "env", "list", "map"]);

/** The quoted expression the call evaluates first, if any (before any `||` fallback). */
function quotedExpression(call: CallNode): string | undefined {
  if (call.args.length !== 1) return undefined;
  let [arg] = call.args;
  while (arg.kind === "or") arg = arg.left;
  const written = writtenText(arg);
  return written?.quoted ? written.text : undefined;
}

/**
 * A string argument's text, and whether it was quoted: the parser makes one of the
 * leading-operator form too (`(( calc * 2 ))` gives `"* 2"`), which, unlike a quoted string,
 * spans exactly its own text.
 */
function writtenText(arg: Node): { text: string; quoted: boolean } | undefined {
  if (arg.kind !== "literal" || typeof arg.value !== "string") return undefined;
  return { text: arg.value, quoted: arg.end - arg.start !== arg.value.length };
}

const parsedExpressions = new Map<string, CalcExpression>();

/** The quoted expression parsed, once per distinct text (templates repeat them). */
function parsedExpression(text: string): CalcExpression {
  let expression = parsedExpressions.get(text);
  if (!expression) {
    expression = new CalcExpression(text);
    parsedExpressions.set(text, expression);
  }
  return expression;
}

/** Evaluates a quoted expression, reading its paths and names in spruce's order. */
async function evaluateQuoted(text: string, context: CallContext): Promise<Value> {
  const expression = parsedExpression(text);
  const values = new Map<string, CalcOperand>();
  for (const path of expression.paths) {
    values.set(path, operand(path, await read(parsePath(path), path, context)));
  }
  for (const name of expression.names) {
    const path = namePath(name, context.root, context.path);
    if (path) values.set(name, operand(name, await read(path, name, context)));
  }
  return expression.evaluate(values);
}

/**
 * Where a bare name is read: the key of the map holding the call, else the key of the root;
 * undefined when neither has it.
 */
function namePath(name: string, root: YamlMap, callPath: Path): TreePath | undefined {
  const parent = callPath.slice(0, -1);
  const holder = resolvePath(root, parent);
  if (holder.ok && holder.value instanceof Map && holder.value.has(name)) return [...parent, name];
  return root.has(name) ? [name] : undefined;
}

/** The value at a path from the root, once the call there (if any) has run. */
async function read(path: TreePath, text: string, context: CallContext): Promise<Value> {
  const found = resolvePath(context.root, path, { arrayMergeKey: context.settings.arrayMergeKey });
  if (!found.ok) throw new GraftError("eval", found.message);
  if (!(found.value instanceof Expression)) return found.value;
  return await context.resolve({ kind: "ref", path, text, start: 0, end: text.length });
}

/** A document value as a calc operand: only ints and floats qualify (spruce's messages). */
function operand(path: string, value: Value): CalcOperand {
  if (isInt(value)) return BigInt(value);
  if (value instanceof Float) return value.value;
  if (value === null) {
    throw new GraftError(
      "eval",
      `path ${path} references a nil value, which cannot be used in calculations`,
    );
  }
  throw new GraftError(
    "eval",
    `path ${path} is of type ${goKind(value)}, which cannot be used in calculations`,
  );
}
