/**
 * `(( awssecret "name-or-arn" ))`: a value from AWS Secrets Manager.
 *
 * @module
 */

import type { Operator } from "../eval/mod.ts";
import { awsOperator } from "./awsparam.ts";

/**
 * The `awssecret` operator: its arguments joined into `NAME-OR-ARN[?key=FIELD&stage=S&version=V]`
 * and that secret's value read (`AWSCURRENT` unless `?stage=` names a staging label or
 * `?version=` a version id; the stage wins when both are given). A binary secret comes back as
 * base64. `?key=`, `@target`, `:nocache`, `REDACT`, `--skip-aws` and `||` work as for `awsparam`.
 *
 * @example
 * ```yaml
 * password: (( awssecret "prod/db?key=password" ))
 * previous: (( awssecret "prod/db?key=password&stage=AWSPREVIOUS" ))
 * ```
 */
export const awssecret: Operator = awsOperator(
  (backend, reference, lookup) => backend.secret(reference, lookup),
);
