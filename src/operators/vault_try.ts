/**
 * `(( vault-try "a:key" "b:key" DEFAULT ))`: the first of several Vault secrets that exists.
 *
 * @module
 */

import { GraftError, isRecoverable, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { isSkipped, type SecretSource, VAULT_SOURCE } from "./vault.ts";

/**
 * A `vault-try` operator reading from a source (graft; deprecated in favour of
 * `(( vault "a:key; b:key" || DEFAULT ))`). Every argument but the last is a `path:key`, tried in
 * order; the last is the default. A path that cannot be resolved, is not a string of the form
 * `path:key` (exactly one `:`), is not found or is not a string is passed over. Authentication
 * and connection failures are reported, not passed over (graft swallowed them).
 *
 * @example
 * ```yaml
 * password: (( vault-try "secret/prod/db:password" "secret/db:password" "changeme" ))
 * ```
 */
export function createVaultTry(source: SecretSource): Operator {
  return {
    secret: true,
    targeted: true,
    async run(call, context) {
      if (call.args.length < 2) {
        throw new GraftError(
          "eval",
          "vault-try operator requires at least 2 arguments (one or more vault paths, followed by a default value)",
        );
      }
      if (isSkipped(context)) context.defer();
      for (const arg of call.args.slice(0, -1)) {
        let secret: Value;
        try {
          secret = await context.evaluate(arg);
        } catch (error) {
          if (isRecoverable(error)) continue;
          throw error;
        }
        if (typeof secret !== "string" || !isSecretPath(secret)) continue;
        try {
          return await source.lookup(secret, call, context);
        } catch (error) {
          if (!isRecoverable(error)) throw error;
        }
      }
      return await context.evaluate(call.args[call.args.length - 1]);
    },
  };
}

/** The `vault-try` operator, reading from Vault. */
export const vaultTry: Operator = createVaultTry(VAULT_SOURCE);

/** True for `path:key`: exactly one `:`, something on both sides. */
function isSecretPath(text: string): boolean {
  const colon = text.indexOf(":");
  return colon > 0 && colon < text.length - 1 && text.indexOf(":", colon + 1) < 0;
}
