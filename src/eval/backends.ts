/**
 * What the backend operators ask of their backends: the contracts between `src/operators` (which
 * call them) and `src/backends` (which implement them), so that neither imports the other. The
 * evaluator hands the run's backends to operators through `EvalSettings.backends`.
 *
 * @module
 */

import type { Backend, Value } from "../core/mod.ts";

/** One `(( nats ... ))` read. */
export interface NatsRequest {
  /** The first argument: `kv:BUCKET/KEY` or `obj:BUCKET/OBJECT`. */
  readonly path: string;
  /** The call's `@target` (settings from `NATS_<TARGET>_*`), or null. */
  readonly target: string | null;
  /** The evaluated second argument, a URL string or a configuration map, when given. */
  readonly connection?: Value;
  /** `:nocache`: read from the server again, and do not keep the value. */
  readonly nocache?: boolean;
}

/** The NATS backend (`"nats"`): a KV entry or an object, converted to a value. */
export interface NatsReader extends Backend {
  read(request: NatsRequest): Promise<Value>;
}

/** One Vault secret read. */
export interface SecretRequest {
  readonly target: string | null;
  /** The secret's path, `secret/db`; a leading `/` is ignored. */
  readonly path: string;
  /** `:nocache`: neither answered from the run's cache nor stored in it. */
  readonly nocache?: boolean;
}

/** The key/value pairs of one secret. */
export type SecretData = Readonly<Record<string, unknown>>;

/** The Vault backend (`"vault"`): a secret's pairs, or undefined when there is no such secret. */
export interface VaultReader extends Backend {
  read(request: SecretRequest): Promise<SecretData | undefined>;
}

/** How an AWS call reads: through which target, and whether the run's cache may answer. */
export interface AwsLookup {
  /** The `@target` of the call; `null` for the standard `AWS_*` settings. */
  readonly target: string | null;
  /** False for `:nocache`: always ask AWS (and do not remember the answer). */
  readonly cache: boolean;
}

/** What to read: a parameter's or a secret's name, and for a secret a staging label or version. */
export interface AwsRead {
  readonly name: string;
  /** A staging label such as `AWSPREVIOUS`; wins over `version`. */
  readonly stage?: string;
  /** A version id. */
  readonly version?: string;
}

/** The AWS backend (`"aws"`). */
export interface AwsReader extends Backend {
  /**
   * A Parameter Store parameter, decrypted: its value, split at the commas for a `StringList`.
   * The read's stage and version are not used.
   */
  parameter(read: AwsRead, lookup: AwsLookup): Promise<string | string[]>;
  /**
   * A Secrets Manager secret, at the read's staging label or else its version id (else the
   * `AWSCURRENT` version): the secret string, or the base64 of a binary secret.
   */
  secret(read: AwsRead, lookup: AwsLookup): Promise<string>;
}
