/**
 * `(( vault "path/to/secret:key" ))`: a secret from Vault or OpenBao.
 *
 * @module
 */

import { GraftError, isRecoverable, isScalar, scalarText, type Value } from "../core/mod.ts";
import type { CallContext, Operator, VaultReader } from "../eval/mod.ts";
import { type CallNode, type Node, render } from "../expr/mod.ts";

/** What vault calls give under `REDACT`, without contacting Vault. */
const REDACTED = "REDACTED";

/** Where vault calls get their secrets: Vault itself, or the recorder of `graft vaultinfo`. */
export interface SecretSource {
  /**
   * The value of a secret written `path:key`.
   *
   * @throws {SecretNotFound} when the secret or its key does not exist
   * @throws {GraftError} when the text is not `path:key` (not fatal), or when Vault fails (fatal)
   */
  lookup(secret: string, call: CallNode, context: CallContext): Promise<string>;
}

/** `secret path:key not found`: the failure `||` defaults and further alternatives recover from. */
export class SecretNotFound extends GraftError {
  constructor(secret: string) {
    super("eval", `secret ${secret} not found`);
  }
}

/**
 * Secrets from the run's Vault backend, or `REDACTED` when `REDACT` is set. The text is split at
 * its last `:` into the secret's path and the key.
 */
export const VAULT_SOURCE: SecretSource = {
  async lookup(secret, call, context) {
    if (context.settings.redact) return REDACTED;
    const colon = secret.lastIndexOf(":");
    const path = secret.slice(0, colon);
    const key = secret.slice(colon + 1);
    if (colon < 0 || path === "" || key === "") {
      throw new GraftError(
        "eval",
        `invalid argument ${secret}; must be in the form path/to/secret:key`,
      );
    }
    const backends = context.settings.backends;
    if (!backends) throw new GraftError("eval", "Vault is not available here", { fatal: true });
    const vault = await backends.get<VaultReader>("vault");
    const nocache = call.modifiers.includes("nocache");
    const data = await vault.read({ target: call.target, path, nocache });
    if (!data || !Object.hasOwn(data, key)) throw new SecretNotFound(secret);
    const value = data[key];
    if (typeof value !== "string") throw new GraftError("eval", `secret ${secret} is not a string`);
    return value;
  },
};

/**
 * A `vault` operator reading from a source. Its arguments are evaluated and joined with nothing
 * between them into one text, which `;` may split into alternatives, tried in order (spaces
 * around each are ignored). A `||` after the last argument gives a default, used when building
 * the text fails or when the last alternative tried is not found; authentication and connection
 * failures are never hidden by it, nor by later alternatives.
 *
 * With `--skip-vault` the call is left in the output as it was written (exit code 3), unless
 * `REDACT` is set, which answers `REDACTED`.
 *
 * @example
 * ```yaml
 * password: (( vault "secret/db:password" ))
 * token:    (( vault "secret/" meta.env "/api:token" ))          # one path, concatenated
 * cert:     (( vault "secret/prod/tls:cert; secret/tls:cert" ))  # the first that exists
 * key:      (( vault@prod "secret/api:key" || "none" ))          # VAULT_PROD_ADDR, a default
 * ```
 */
export function createVault(source: SecretSource): Operator {
  return {
    secret: true,
    targeted: true,
    async run(call, context) {
      if (call.args.length === 0) {
        throw new GraftError("eval", "vault operator requires at least one argument");
      }
      if (isSkipped(context)) context.defer();
      const last = call.args[call.args.length - 1];
      const fallback = last.kind === "or" ? last : undefined;
      const parts = fallback ? [...call.args.slice(0, -1), fallback.left] : call.args;
      let alternatives: string[];
      try {
        alternatives = splitAlternatives(await secretText(parts, context));
      } catch (error) {
        if (fallback && isRecoverable(error)) return await context.evaluate(fallback.right);
        throw error;
      }
      let failure: unknown;
      for (const secret of alternatives) {
        try {
          return await source.lookup(secret, call, context);
        } catch (error) {
          if (!isRecoverable(error)) throw error;
          failure = error;
        }
      }
      if (fallback && failure instanceof SecretNotFound) {
        return await context.evaluate(fallback.right);
      }
      throw failure;
    },
  };
}

/** The `vault` operator, reading from Vault. */
export const vault: Operator = createVault(VAULT_SOURCE);

/** True when `--skip-vault` leaves vault calls unevaluated (`REDACT` wins over it). */
export function isSkipped(context: CallContext): boolean {
  return !context.settings.redact && (context.settings.skip?.has("vault") ?? false);
}

/** The arguments' values, joined as Go's `%v` prints them. */
async function secretText(parts: readonly Node[], context: CallContext): Promise<string> {
  const values = await Promise.all(parts.map((part) => context.evaluate(part)));
  return values.map((value, i) => component(value, parts[i])).join("");
}

function component(value: Value, node: Node): string {
  if (value !== null && isScalar(value)) return scalarText(value);
  const what = node.kind === "ref" ? `$.${node.text}` : render(node);
  throw new GraftError("eval", `tried to look up ${what}, which is not a string scalar`);
}

/** `a:k; b:k` as its trimmed alternatives; a text without `;` as it is. */
function splitAlternatives(text: string): string[] {
  if (!text.includes(";")) return [text];
  const alternatives = text.split(";").map((s) => s.trim()).filter((s) => s !== "");
  return alternatives.length > 0 ? alternatives : [text];
}
