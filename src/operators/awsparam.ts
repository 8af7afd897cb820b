/**
 * `(( awsparam "/path" ))`: a value from AWS Systems Manager Parameter Store. Also the machinery
 * `awssecret` shares: arguments, options, `REDACT`, `--skip-aws` and `?key=`.
 *
 * @module
 */

import { GraftError, scalarText } from "../core/mod.ts";
import type { AwsLookup, AwsReader, CallContext, Operator } from "../eval/mod.ts";
import { readOrFallBack } from "./fallback.ts";
import { type AwsReference, extractKey, parseAwsReference } from "./aws_reference.ts";
import type { CallNode, Node } from "../expr/mod.ts";

/**
 * The `awsparam` operator: its arguments joined into `NAME[?key=FIELD]`, the parameter read with
 * decryption (a `StringList` becomes a list), and with `?key=` the field `FIELD` (`a.b.c` for a
 * nested one) of the value parsed as YAML or JSON. `awsparam@target` reads with the
 * `AWS_<TARGET>_*` settings and `awsparam:nocache` skips the run's cache. A `||` fallback applies
 * when the parameter or the field does not exist, not when AWS cannot be reached.
 *
 * @example
 * ```yaml
 * port: (( awsparam "/app/" env "/port" ))
 * password: (( awsparam "/app/db?key=password" || "changeme" ))
 * ```
 */
export const awsparam: Operator = awsOperator(
  (backend, reference, lookup) => backend.parameter(reference, lookup),
);

/**
 * An operator that reads AWS: with `REDACT` set it answers `REDACTED` (after evaluating its
 * arguments); with `--skip-aws` it leaves its expression as written, unevaluated; otherwise it
 * reads through the run's `aws` backend. A `||` after the last argument gives the value to use
 * when the parameter, secret or key does not exist (or the arguments fail), never when AWS cannot
 * be reached or refuses access.
 *
 * @param read the read of a reference, given the backend and how to look it up
 */
export function awsOperator(
  read: (
    backend: AwsReader,
    reference: AwsReference,
    lookup: AwsLookup,
  ) => Promise<string | string[]>,
): Operator {
  const lookUp = async (call: CallNode, args: readonly Node[], context: CallContext) => {
    const pieces = await Promise.all(args.map((arg) => argumentText(call, arg, context)));
    const reference = parseAwsReference(pieces.join(""));
    const { backends, redact } = context.settings;
    if (redact) return "REDACTED";
    if (!backends) throw new GraftError("internal", `${call.name} needs the AWS backend`);
    const lookup = { target: call.target, cache: !call.modifiers.includes("nocache") };
    const value = await read(await backends.get<AwsReader>("aws"), reference, lookup);
    return reference.key ? extractKey(value, reference) : value;
  };
  return {
    secret: true,
    targeted: true,
    async run(call, context) {
      if (call.args.length === 0) {
        throw new GraftError("eval", `${call.name} operator requires at least one argument`);
      }
      if (!context.settings.redact && context.settings.skip?.has("aws")) {
        context.defer();
      }
      return await readOrFallBack(call, context, (args) => lookUp(call, args, context));
    },
  };
}

/** One argument as text: a scalar as Go's `%v` prints it. */
async function argumentText(call: CallNode, arg: Node, context: CallContext): Promise<string> {
  const value = await context.evaluate(arg);
  if (value === null) {
    throw new GraftError("eval", `${call.name} operator argument cannot be nil`);
  }
  if (value instanceof Map || Array.isArray(value)) {
    const what = value instanceof Map ? "a map" : "a list";
    const subject = arg.kind === "ref" ? `$.${arg.text}` : `${call.name} operator argument`;
    throw new GraftError("eval", `${subject} is ${what}; only scalars are supported here`);
  }
  return scalarText(value);
}
