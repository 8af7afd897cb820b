/**
 * NATS failures in the user's words. The client's errors are sorted into a few kinds (which
 * decide whether a retry can help), then phrased as the NATS guide phrases them, always with the
 * server's URL as {@link NatsSettings.display} prints it and never with a secret.
 *
 * @module
 */

import { GraftError } from "../../core/mod.ts";
import type { Credentials, NatsSettings } from "./config.ts";

/** What went wrong, as far as retrying and reporting are concerned. */
type FailureKind =
  | "refused"
  | "unreachable"
  | "timeout"
  | "closed"
  | "dns"
  | "auth"
  | "expired"
  | "credentials-file"
  | "tls"
  | "deno-permission"
  | "permission"
  | "jetstream"
  | "other";

/** The kinds a retry can cure: the server restarting, a lost request, a leader election. */
const TRANSIENT: ReadonlySet<FailureKind> = new Set([
  "refused",
  "unreachable",
  "timeout",
  "closed",
]);

/** Sorts a client error by the error and its causes (names, codes, messages: NATS-NOTES §2). */
function failureKind(error: unknown): FailureKind {
  const chain: ErrorLike[] = [];
  for (let e = error; e && typeof e === "object" && chain.length < 8; e = (e as ErrorLike).cause) {
    chain.push(e as ErrorLike);
  }
  const has = (test: (e: ErrorLike) => boolean) => chain.some(test);
  const named = (...names: string[]) => has((e) => names.includes(e.name ?? ""));
  const coded = (test: (code: string) => boolean) =>
    has((e) => typeof e.code === "string" && test(e.code));
  const says = (text: string) => has((e) => (e.message ?? "").includes(text));
  if (has((e) => e instanceof Deno.errors.NotCapable) || coded((c) => c === "EPERM")) {
    return "deno-permission";
  }
  if (named("AuthorizationError")) return "auth";
  if (named("UserAuthenticationExpiredError")) return "expired";
  if (
    has((e) => e.constructor?.name === "NKeysError") || coded((c) => c.startsWith("nkeys:")) ||
    says("unable to parse credentials")
  ) {
    return "credentials-file";
  }
  if (named("PermissionViolationError")) return "permission";
  if (named("JetStreamNotEnabled", "NoResponders") || has((e) => e.code === 10039)) {
    return "jetstream";
  }
  if (coded((c) => c === "ECONNREFUSED") || says("connection refused")) return "refused";
  if (coded((c) => c === "ENOTFOUND")) return "dns";
  if (coded((c) => /^(ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ETIMEDOUT)$/.test(c))) {
    return "unreachable";
  }
  if (
    coded((c) => /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|CERT_|SELF_SIGNED|DEPTH_ZERO)/.test(c)) ||
    says("does not support 'tls'") || says("is not available on this server")
  ) {
    return "tls";
  }
  if (named("TimeoutError")) return "timeout";
  if (named("ClosedConnectionError", "DrainingConnectionError") || says("connection closed")) {
    return "closed";
  }
  return "other";
}

/** True when retrying may help (never for auth, permission, TLS or not-found failures). */
export function isTransient(error: unknown): boolean {
  return TRANSIENT.has(failureKind(error));
}

/**
 * `failed to connect to NATS at URL: <reason>`, fatal (a `||` fallback does not hide it).
 *
 * @param attempts how many connects were tried
 */
export function connectError(error: unknown, settings: NatsSettings, attempts: number): GraftError {
  const at = `failed to connect to NATS at ${settings.display}`;
  return fatal(`${at}: ${reason(error, settings, true)}${retried(attempts)}`, error);
}

/**
 * `SUBJECT: <reason>` for a read that failed for another reason than the bucket or key being
 * missing, e.g. `failed to get key "k" from KV store "b": permission denied (...)`; fatal.
 */
export function readError(
  subject: string,
  error: unknown,
  settings: NatsSettings,
  attempts: number,
): GraftError {
  return fatal(`${subject}: ${reason(error, settings, false)}${retried(attempts)}`, error);
}

/** `SUBJECT: <what> not found`: a missing bucket, key or object, which `||` falls back from. */
export function notFoundError(subject: string, what: string): GraftError {
  return new GraftError("eval", `${subject}: ${what} not found`);
}

/** A fatal error with a message graft wrote (configuration files, content that does not parse). */
export function fatal(message: string, cause?: unknown): GraftError {
  return new GraftError("eval", message, { fatal: true, cause });
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  cause?: unknown;
  hostname?: string;
  constructor?: { name?: string };
}

function retried(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

/** Why a connect (or a read, when not `connecting`) failed, for the message after `SUBJECT: `. */
function reason(error: unknown, settings: NatsSettings, connecting: boolean): string {
  const e = (error ?? {}) as ErrorLike;
  switch (failureKind(error)) {
    case "refused":
      return "connection refused";
    case "unreachable":
      return `the server cannot be reached (${codeOf(error) ?? "network error"})`;
    case "timeout":
      return connecting
        ? `no answer within ${seconds(settings.timeout)} (is it a NATS server, and does it ` +
          `want a TLS client certificate?)`
        : `no answer within ${seconds(settings.timeout)}`;
    case "closed":
      return "the connection to the server was lost";
    case "dns":
      return `unknown host "${findHostname(error) ?? settings.servers[0].replace(/:\d+$/, "")}"`;
    case "auth":
      return `authorization violation: the server rejected ${
        describeCredentials(settings.credentials)
      }`;
    case "expired":
      return "authorization violation: the user's credentials have expired";
    case "credentials-file":
      return settings.credentials.kind === "nkey"
        ? `the nkey seed file ${settings.credentials.file} does not hold a valid user seed`
        : settings.credentials.kind === "creds"
        ? `the credentials file ${settings.credentials.file} cannot be parsed`
        : scrub(messageOf(e), settings.credentials);
    case "tls":
      return tlsReason(error, settings);
    case "deno-permission":
      return denoPermission(error, settings);
    case "permission":
      return `permission denied (${scrub(permissionMessage(error), settings.credentials)})`;
    case "jetstream":
      return has10039(error)
        ? "JetStream is not enabled for this account"
        : "JetStream is not enabled on the server";
    case "other":
      return scrub(messageOf(e), settings.credentials);
  }
}

function describeCredentials(credentials: Credentials): string {
  switch (credentials.kind) {
    case "none":
      return "a connection without credentials (set a token, user and password, nkey or creds)";
    case "token":
      return "the token";
    case "user":
      return `the password of user "${credentials.user}"`;
    case "nkey":
      return `the nkey from ${credentials.file}`;
    case "creds":
      return `the credentials from ${credentials.file}`;
  }
}

function tlsReason(error: unknown, settings: NatsSettings): string {
  const message = messageOf(error as ErrorLike);
  if (message.includes("does not support 'tls'")) {
    return "TLS is configured but the server does not offer it";
  }
  if (message.includes("is not available on this server")) {
    return "the server requires TLS, which could not be set up";
  }
  return `TLS handshake failed: ${scrub(message, settings.credentials)}`;
}

function denoPermission(error: unknown, settings: NatsSettings): string {
  const message = messageOf(error as ErrorLike);
  const address = /"([^"]+)"/.exec(message)?.[1];
  if (address) {
    return `Deno does not allow network access to "${address}": run graft with --allow-net ` +
      `(or --allow-net=${address})`;
  }
  // nats.js looks host names up itself, then dials the address: both need allowing.
  const host = findHostname(error) ?? settings.servers[0].replace(/:\d+$/, "");
  const port = settings.servers.find((s) => s.startsWith(`${host}:`))?.slice(host.length + 1);
  return `Deno does not allow a name lookup of "${host}": run graft with --allow-net (or ` +
    `--allow-net=${host},<its IP address>:${port ?? 4222})`;
}

function permissionMessage(error: unknown): string {
  for (let e = error as ErrorLike | undefined; e; e = e.cause as ErrorLike | undefined) {
    if (e.name === "PermissionViolationError") return messageOf(e);
  }
  return messageOf(error as ErrorLike);
}

function has10039(error: unknown): boolean {
  for (let e = error as ErrorLike | undefined; e; e = e.cause as ErrorLike | undefined) {
    if (e.code === 10039) return true;
  }
  return false;
}

function findHostname(error: unknown): string | undefined {
  for (let e = error as ErrorLike | undefined; e; e = e.cause as ErrorLike | undefined) {
    if (typeof e.hostname === "string") return e.hostname;
  }
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  for (let e = error as ErrorLike | undefined; e; e = e.cause as ErrorLike | undefined) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

function messageOf(e: ErrorLike): string {
  return typeof e.message === "string" && e.message !== "" ? e.message : String(e);
}

/** A duration in Go's short style: `5s`, `1.5s`, `500ms`. */
function seconds(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A client message with any secret of the connection masked, in case the client quoted one. */
function scrub(message: string, credentials: Credentials): string {
  const secrets = credentials.kind === "token"
    ? [credentials.token]
    : credentials.kind === "user"
    ? [credentials.password, encodeURIComponent(credentials.password)]
    : [];
  let text = message;
  for (const secret of secrets) {
    if (secret.length > 0) text = text.replaceAll(secret, "***");
  }
  return text;
}
