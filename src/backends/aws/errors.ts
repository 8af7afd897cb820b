/**
 * AWS failures as graft reports them: spruce's `$.NAME error fetching awsparam: ...` wording,
 * never a secret (the SDK's error objects, which `cause` would expose, are left out, and only the
 * first line of AWS's message is kept: a signature mismatch goes on to quote the signed request,
 * session token included).
 *
 * @module
 */

import { GraftError } from "../../core/mod.ts";

/** The errors AWS answers for a name, version or label that does not exist. */
const NOT_FOUND = new Set([
  "ParameterNotFound",
  "ParameterVersionNotFound",
  "ResourceNotFoundException",
]);

/** What AWS leaves unsaid: Parameter Store's not-found errors carry no message. */
const MESSAGES: Readonly<Record<string, string>> = {
  ParameterNotFound: "parameter not found",
  ParameterVersionNotFound: "parameter version not found",
};

/**
 * A failed read. Not fatal when the parameter or secret does not exist, so that a `||` fallback
 * applies; fatal for everything else (credentials, permissions, connection, throttling, AWS
 * outages), which a fallback must not hide.
 *
 * @param error what the SDK threw
 * @param operator `awsparam` or `awssecret`
 * @param name the parameter or secret read
 */
export function fetchError(error: unknown, operator: string, name: string): GraftError {
  const code = error instanceof Error ? error.name : "";
  return new GraftError("eval", `$.${name} error fetching ${operator}: ${describe(error)}`, {
    fatal: !NOT_FOUND.has(code),
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.split("\n")[0].trim();
  if (message === "Region is missing") {
    return "no AWS region is set (AWS_REGION, AWS_<TARGET>_REGION, or region in the profile)";
  }
  if (!("$fault" in error)) return message;
  // A service error: `Code: message`, as aws-sdk-go prints it.
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const said = message && message !== "UnknownError"
    ? message
    : MESSAGES[error.name] ?? `HTTP status ${status ?? "unknown"}`;
  return `${error.name}: ${said}`;
}
