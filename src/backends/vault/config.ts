/**
 * Where a Vault (or OpenBao) is and how to reach it. The default target reads `VAULT_ADDR`,
 * `VAULT_TOKEN`, `VAULT_NAMESPACE`, then `~/.svtoken` and `~/.vault-token` as spruce does; a
 * named target (`(( vault@prod ... ))`) reads `VAULT_PROD_ADDR`, `VAULT_PROD_TOKEN` and friends,
 * with no fallback. Both honour `*_CACERT`, `*_CAPATH`, `*_CLIENT_CERT`/`*_CLIENT_KEY` and read
 * `*_SKIP_VERIFY` the same way.
 *
 * @module
 */

import { join } from "node:path";
import { GraftError, isMap, type Value } from "../../core/mod.ts";
import { loadYaml } from "../../yaml/mod.ts";
import type { Environment } from "../../core/mod.ts";

/** How to reach one Vault. */
export interface VaultConfig {
  /**
   * The base URL, without trailing `/` nor any user or password part (Vault does not use them,
   * and messages print the address): `https://vault.example.com:8200`.
   */
  readonly address: string;
  /** The token sent as `X-Vault-Token`. Never printed. */
  readonly token: string;
  /** The namespace sent as `X-Vault-Namespace` (Vault Enterprise, OpenBao), if any. */
  readonly namespace?: string;
  /** CA certificates (PEM) trusted besides the system's: `VAULT_CACERT`, `VAULT_CAPATH`. */
  readonly caCerts: readonly string[];
  /** A client certificate and its key (PEM): `VAULT_CLIENT_CERT`, `VAULT_CLIENT_KEY`. */
  readonly clientCert?: { readonly cert: string; readonly key: string };
  /** `VAULT_SKIP_VERIFY` is set: the Vault's certificate is not verified. */
  readonly skipVerify: boolean;
}

const NOT_CONFIGURED =
  "Failed to determine Vault URL / token, and the $REDACT environment variable is not set.";

/**
 * The configuration of a target: the default one (`null`) or a named one.
 *
 * @throws {GraftError} (fatal) when the address or token is missing, the address is not an
 *   http(s) URL, or a certificate file cannot be read
 */
export async function readVaultConfig(
  env: Environment,
  target: string | null,
): Promise<VaultConfig> {
  const prefix = target === null ? "VAULT_" : `VAULT_${envName(target)}_`;
  const setting = (name: string) => env(prefix + name) || undefined;
  let address = setting("ADDR");
  let token = setting("TOKEN");
  let namespace = setting("NAMESPACE");
  let skipVerify = isTruthy(setting("SKIP_VERIFY"));
  if (target === null) {
    const home = env("HOME");
    if (home && (!address || !token)) {
      // spruce's ~/.svtoken describes one Vault and its token: it fills in what the environment
      // leaves unset, but only for its own Vault (graft let it replace a VAULT_ADDR that was set).
      const svtoken = await readSvtoken(join(home, ".svtoken"));
      if (svtoken && (!address || sameAddress(address, svtoken.vault))) {
        address ??= svtoken.vault;
        token ??= svtoken.token;
        namespace ??= svtoken.namespace;
        skipVerify ||= svtoken.skipVerify;
      }
    }
    if (home && !token) token = await readOptional(join(home, ".vault-token"));
  }
  token = token?.trim();
  if (!address || !token) {
    throw configError(
      target === null
        ? `Error during Vault client initialization: ${NOT_CONFIGURED}`
        : `vault target '${target}' is not configured (expected ${prefix}ADDR and ${prefix}TOKEN environment variables)`,
    );
  }
  if (/[^\x21-\x7e]/.test(token)) {
    throw configError("the Vault token has characters no token has (spaces or control characters)");
  }
  const clientCert = setting("CLIENT_CERT");
  const clientKey = setting("CLIENT_KEY");
  return {
    address: baseUrl(address, prefix),
    token,
    ...(namespace ? { namespace } : {}),
    caCerts: await readCaCerts(setting("CACERT"), setting("CAPATH"), prefix),
    ...(clientCert && clientKey
      ? {
        clientCert: {
          cert: await readCertificate(clientCert, `${prefix}CLIENT_CERT`),
          key: await readCertificate(clientKey, `${prefix}CLIENT_KEY`),
        },
      }
      : {}),
    skipVerify,
  };
}

/** A target name as it appears in variable names: `prod-eu` reads `VAULT_PROD_EU_ADDR`. */
function envName(target: string): string {
  return target.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

/** spruce's `VAULT_SKIP_VERIFY` rule: anything but empty, `no`, `false`, `0` or `off`. */
function isTruthy(value: string | undefined): boolean {
  return !["", "no", "false", "0", "off"].includes((value ?? "").toLowerCase());
}

function sameAddress(a: string, b: string | undefined): boolean {
  return b !== undefined && a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
}

function configError(message: string): GraftError {
  return new GraftError("eval", message, { fatal: true });
}

/** The address without user or password, checked to be an http(s) URL. */
function baseUrl(address: string, prefix: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw configError(
      `${prefix}ADDR must be an http:// or https:// URL, such as https://vault.example.com:8200`,
    );
  }
  url.username = "";
  url.password = "";
  return url.href.replace(/\/+$/, "");
}

/** The settings of a `~/.svtoken` file (written by `safe`). */
interface Svtoken {
  readonly vault?: string;
  readonly token?: string;
  readonly namespace?: string;
  readonly skipVerify: boolean;
}

/** What `~/.svtoken` says, if the file exists and is a YAML map. */
async function readSvtoken(path: string): Promise<Svtoken | undefined> {
  const text = await readOptional(path);
  if (text === undefined) return undefined;
  let doc: Value;
  try {
    [doc] = loadYaml(text, path, { expressions: false });
  } catch {
    return undefined; // spruce ignores an unreadable .svtoken
  }
  if (!isMap(doc)) return undefined;
  const field = (key: string) => {
    const value = doc.get(key);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return {
    vault: field("vault"),
    token: field("token"),
    namespace: field("namespace"),
    skipVerify: doc.get("skip_verify") === true,
  };
}

/** A token file's text; undefined when it cannot be read (spruce ignores such files). */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

/** The PEM text of a certificate or key file named by a variable. */
async function readCertificate(path: string, variable: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw configError(`cannot read ${variable} file ${path}: ${describeFileError(error)}`);
  }
}

/** The certificates of `*_CACERT` (a PEM file) and `*_CAPATH` (a directory of PEM files). */
async function readCaCerts(
  file: string | undefined,
  dir: string | undefined,
  prefix: string,
): Promise<string[]> {
  const certs: string[] = [];
  if (file) certs.push(await readCertificate(file, `${prefix}CACERT`));
  if (dir) {
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.push(entry.name);
    } catch (error) {
      throw configError(
        `cannot read ${prefix}CAPATH directory ${dir}: ${describeFileError(error)}`,
      );
    }
    for (const name of names.sort()) {
      certs.push(await readCertificate(join(dir, name), `${prefix}CAPATH`));
    }
  }
  return certs;
}

/** A short reason for a file-system error, without Deno's details. */
function describeFileError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotADirectory) return "not a directory";
  if (error instanceof Deno.errors.IsADirectory) return "is a directory";
  return error instanceof Error ? error.message : String(error);
}
