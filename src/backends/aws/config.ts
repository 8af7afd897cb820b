/**
 * Which AWS account, region and endpoint an `awsparam` or `awssecret` call talks to: the
 * standard `AWS_*` variables for a call without a target, `AWS_<TARGET>_*` for `awsparam@target`.
 * Whatever the environment leaves open (credentials, region) the SDK's standard chain finds:
 * shared config and credentials files, profiles, SSO, web identity, container and instance
 * metadata. Pure: no I/O, no client library.
 *
 * @module
 */

import { type Environment, GraftError } from "../../core/mod.ts";

/** The AWS services graft reads: Parameter Store (`awsparam`) and Secrets Manager (`awssecret`). */
export type AwsService = "ssm" | "secretsmanager";

/** Static credentials, from the environment. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The client settings of one (target, service); absent fields are left to the SDK's chain. */
export interface AwsSettings {
  readonly region?: string;
  /** A profile of the shared config and credentials files. */
  readonly profile?: string;
  readonly credentials?: AwsCredentials;
  /** The service's URL instead of the public AWS endpoint (local test servers, VPC endpoints). */
  readonly endpoint?: string;
  /** Attempts per request, the first included. */
  readonly maxAttempts?: number;
}

/** The SDK's service-specific endpoint variables (`AWS_ENDPOINT_URL_<SERVICE ID>`). */
const ENDPOINT_VARIABLES: Readonly<Record<AwsService, string>> = {
  ssm: "AWS_ENDPOINT_URL_SSM",
  secretsmanager: "AWS_ENDPOINT_URL_SECRETS_MANAGER",
};

/**
 * The settings of a call. Without a target: `AWS_REGION`, `AWS_PROFILE`, `AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, `AWS_ENDPOINT_URL_SSM` or
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` then `AWS_ENDPOINT_URL`, and `AWS_MAX_ATTEMPTS`, as the SDK
 * reads them. A target `T` (upper-cased, `-` as `_`) sets at least one of `AWS_T_REGION`,
 * `AWS_T_PROFILE` and `AWS_T_ACCESS_KEY_ID` (with `AWS_T_SECRET_ACCESS_KEY` and maybe
 * `AWS_T_SESSION_TOKEN`), and maybe `AWS_T_ENDPOINT` and `AWS_T_MAX_RETRIES`; each overrides the
 * standard setting, the profile and the keys together. A profile wins over access keys, as in the
 * SDK's own chain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const env = new Map([["AWS_REGION", "us-east-1"], ["AWS_PROD_PROFILE", "prod"]]);
 * const settings = resolveAwsSettings((name) => env.get(name), "prod", "ssm");
 * assert.deepEqual(settings, { region: "us-east-1", profile: "prod" });
 * ```
 * @throws {GraftError} (fatal) naming the variable that is missing or wrong
 */
export function resolveAwsSettings(
  env: Environment,
  target: string | null,
  service: AwsService,
): AwsSettings {
  const read = (name: string) => env(name) || undefined;
  const standard = {
    ...identity(read, "AWS_"),
    endpoint: read(ENDPOINT_VARIABLES[service]) ?? read("AWS_ENDPOINT_URL"),
    maxAttempts: count(read, "AWS_MAX_ATTEMPTS", 1),
  };
  if (target === null) return defined(standard);
  const prefix = `AWS_${target.toUpperCase().replace(/-/g, "_")}_`;
  const own = identity(read, prefix);
  if (!own.region && !own.profile && !own.credentials) {
    throw configError(
      `AWS target "${target}" is not configured: set ${prefix}REGION, ${prefix}PROFILE or ` +
        `${prefix}ACCESS_KEY_ID`,
    );
  }
  const retries = count(read, `${prefix}MAX_RETRIES`, 0);
  const login = own.profile || own.credentials ? own : standard;
  return defined({
    region: own.region ?? standard.region,
    profile: login.profile,
    credentials: login.credentials,
    endpoint: read(`${prefix}ENDPOINT`) ?? standard.endpoint,
    maxAttempts: retries === undefined ? standard.maxAttempts : retries + 1,
  });
}

/** Who calls, and where: region, profile and keys with one prefix. */
function identity(read: Environment, prefix: string) {
  if (read(`${prefix}ROLE`)) {
    throw configError(
      `${prefix}ROLE is not supported: assume the role through a profile instead (role_arn and ` +
        `source_profile in the shared config file) and set ${prefix}PROFILE`,
    );
  }
  const profile = read(`${prefix}PROFILE`);
  // A profile wins over access keys, as in the SDK's own chain.
  return {
    region: read(`${prefix}REGION`),
    profile,
    credentials: profile ? undefined : credentials(read, prefix),
  };
}

/** The settings without their unset fields. */
function defined(settings: AwsSettings): AwsSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

function credentials(
  read: Environment,
  prefix: string,
): AwsCredentials | undefined {
  const accessKeyId = read(`${prefix}ACCESS_KEY_ID`);
  const secretAccessKey = read(`${prefix}SECRET_ACCESS_KEY`);
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    const [set, missing] = accessKeyId
      ? ["ACCESS_KEY_ID", "SECRET_ACCESS_KEY"]
      : ["SECRET_ACCESS_KEY", "ACCESS_KEY_ID"];
    throw configError(`${prefix}${missing} is not set, but ${prefix}${set} is`);
  }
  const sessionToken = read(`${prefix}SESSION_TOKEN`);
  return sessionToken
    ? { accessKeyId, secretAccessKey, sessionToken }
    : { accessKeyId, secretAccessKey };
}

/** An integer variable of at least `min`, if it is set. */
function count(
  read: Environment,
  variable: string,
  min: number,
): number | undefined {
  const text = read(variable);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw configError(`${variable} must be an integer of at least ${min}, not "${text}"`);
  }
  return Number(text);
}

function configError(message: string): GraftError {
  return new GraftError("eval", message, { fatal: true });
}
