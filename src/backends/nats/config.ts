/**
 * What a `(( nats ... ))` call reads and from which server: the store path (`kv:BUCKET/KEY`,
 * `obj:BUCKET/OBJECT`), and the connection settings, layered from built-in defaults, the
 * environment (`NATS_*`, or `NATS_<TARGET>_*` for `nats@target`), and the call's optional second
 * argument (a URL string or a configuration map). Pure: no I/O, no client library.
 *
 * @module
 */

import { type Environment, Float, GraftError, typeName, type Value } from "../../core/mod.ts";

/** A parsed `kv:BUCKET/KEY` or `obj:BUCKET/OBJECT` path. */
export interface StorePath {
  readonly store: "kv" | "obj";
  readonly bucket: string;
  /** The key or object name; may contain `/`. */
  readonly name: string;
}

/** TLS settings of a connection; present only when TLS is on. */
export interface TlsSettings {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly insecureSkipVerify: boolean;
}

/** The one credential a connection presents (creds > nkey > token > user/password). */
export type Credentials =
  | { readonly kind: "none" }
  | { readonly kind: "creds"; readonly file: string }
  | { readonly kind: "nkey"; readonly file: string }
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "user"; readonly user: string; readonly password: string };

/** Everything a lookup needs to know about its server. Durations are in milliseconds. */
export interface NatsSettings {
  /** `host:port` of each server, in the order given. */
  readonly servers: readonly string[];
  /** The server URLs as messages print them: scheme, host and port, never credentials. */
  readonly display: string;
  readonly tls?: TlsSettings;
  readonly credentials: Credentials;
  /** Connect timeout, and the deadline of each read. */
  readonly timeout: number;
  /** How many times a transient failure is retried. */
  readonly retries: number;
  /** The wait before the first retry, multiplied by `retryBackoff` after each, up to the max. */
  readonly retryInterval: number;
  readonly retryBackoff: number;
  readonly maxRetryInterval: number;
  /** How long a value read once is reused within the run. */
  readonly cacheTtl: number;
}

/** The server graft uses when nothing says otherwise. */
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

const DEFAULTS = {
  timeout: 5_000,
  retries: 3,
  retryInterval: 250,
  retryBackoff: 2,
  maxRetryInterval: 2_000,
  cacheTtl: 300_000,
};

/**
 * Splits a nats path at the first `:` (store type, case-insensitive) and the first `/` after it
 * (bucket, then key or object name). Bucket names are letters, digits, `-` and `_`; KV keys are
 * letters, digits and `- / _ = .`, with no empty `.`-separated part.
 *
 * @throws {GraftError} (not fatal: a `||` fallback applies) when the path is malformed
 */
export function parseStorePath(text: string): StorePath {
  const colon = text.indexOf(":");
  if (colon < 0) {
    throw pathError(`invalid NATS path "${text}": expected "kv:BUCKET/KEY" or "obj:BUCKET/OBJECT"`);
  }
  const type = text.slice(0, colon).toLowerCase();
  if (type !== "kv" && type !== "obj") {
    throw pathError(
      `invalid store type "${text.slice(0, colon)}" in NATS path "${text}": must be "kv" or "obj"`,
    );
  }
  const rest = text.slice(colon + 1);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const name = slash < 0 ? "" : rest.slice(slash + 1);
  const label = type === "kv" ? "KV" : "Object";
  if (bucket === "" || name === "") {
    const expected = type === "kv" ? "kv:BUCKET/KEY" : "obj:BUCKET/OBJECT";
    throw pathError(`invalid ${label} path "${text}": expected "${expected}"`);
  }
  if (!isBucketName(bucket)) {
    throw pathError(
      `invalid ${label} store name "${bucket}" in NATS path "${text}": ` +
        `use letters, digits, "-" and "_"`,
    );
  }
  if (type === "kv" && !isKvKey(name)) {
    throw pathError(
      `invalid key "${name}" in NATS path "${text}": ` +
        `use letters, digits and "-/_=.", with no leading, trailing or double "."`,
    );
  }
  return { store: type, bucket, name };
}

/**
 * The settings of a lookup: the built-in defaults, overridden by the environment (`NATS_*`, or
 * `NATS_<TARGET>_*` when a target is named, which then must set `NATS_<TARGET>_URL`), overridden
 * by the call's second argument. A layer that names any credential replaces the credentials of
 * the layers below it; within a layer, explicit keys win over the URL's `user:password@`. TLS is
 * on with `tls: true`, a `tls://` URL, or a CA or client certificate file (never downgraded).
 *
 * @param env the environment
 * @param target the `@target` of the call, or null
 * @param argument the evaluated second argument: a URL string or a configuration map
 * @throws {GraftError} (fatal) naming the variable or key that is wrong
 */
export function resolveSettings(
  env: Environment,
  target: string | null,
  argument?: Value,
): NatsSettings {
  const base = environmentLayer(env, target);
  const layer = argument === undefined ? {} : argumentLayer(argument);
  const pick = <K extends keyof Layer>(key: K): Layer[K] => layer[key] ?? base[key];
  const urls = pick("urls") ?? parseUrls(DEFAULT_NATS_URL, "the default");
  const certFile = pick("certFile");
  const keyFile = pick("keyFile");
  const caFile = pick("caFile");
  if (!certFile !== !keyFile) {
    throw configError(
      "a TLS client certificate needs both cert_file and key_file (NATS_CERT_FILE and " +
        "NATS_KEY_FILE)",
    );
  }
  const tlsOn = urls.tls || pick("tls") === true || !!certFile || !!caFile;
  return {
    servers: urls.servers,
    display: urls.display,
    tls: tlsOn
      ? { caFile, certFile, keyFile, insecureSkipVerify: pick("insecureSkipVerify") ?? false }
      : undefined,
    credentials: chooseCredentials(pick("secrets") ?? {}),
    timeout: pick("timeout") ?? DEFAULTS.timeout,
    retries: pick("retries") ?? DEFAULTS.retries,
    retryInterval: pick("retryInterval") ?? DEFAULTS.retryInterval,
    retryBackoff: pick("retryBackoff") ?? DEFAULTS.retryBackoff,
    maxRetryInterval: pick("maxRetryInterval") ?? DEFAULTS.maxRetryInterval,
    cacheTtl: pick("cacheTtl") ?? DEFAULTS.cacheTtl,
  };
}

/**
 * A Go duration (`1h30m`, `10s`, `500ms`, `1.5s`; `0` alone) in milliseconds, or undefined when
 * the text is not one.
 */
export function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    "µs": 1e-3,
    ms: 1,
    s: 1e3,
    m: 6e4,
    h: 3.6e6,
  };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < text.length) {
    re.lastIndex = index;
    const match = re.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * unit[match[2]];
    index = re.lastIndex;
  }
  return index === 0 ? undefined : total;
}

/** One source of settings; absent fields are left to the layer below. */
interface Layer {
  urls?: ServerUrls;
  timeout?: number;
  retries?: number;
  retryInterval?: number;
  retryBackoff?: number;
  maxRetryInterval?: number;
  cacheTtl?: number;
  tls?: boolean;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  insecureSkipVerify?: boolean;
  /** Set when the layer names any credential. */
  secrets?: Secrets;
}

interface Secrets {
  token?: string;
  user?: string;
  password?: string;
  nkey?: string;
  creds?: string;
}

type FieldKind = "string" | "duration" | "count" | "backoff" | "bool";

/** The configuration keys: map key → environment suffix, layer field, kind. */
const FIELDS: readonly (readonly [string, string, string, FieldKind])[] = [
  ["url", "URL", "url", "string"],
  ["timeout", "TIMEOUT", "timeout", "duration"],
  ["retries", "RETRIES", "retries", "count"],
  ["retry_interval", "RETRY_INTERVAL", "retryInterval", "duration"],
  ["retry_backoff", "RETRY_BACKOFF", "retryBackoff", "backoff"],
  ["max_retry_interval", "MAX_RETRY_INTERVAL", "maxRetryInterval", "duration"],
  ["cache_ttl", "CACHE_TTL", "cacheTtl", "duration"],
  ["tls", "TLS", "tls", "bool"],
  ["cert_file", "CERT_FILE", "certFile", "string"],
  ["key_file", "KEY_FILE", "keyFile", "string"],
  ["ca_file", "CA_FILE", "caFile", "string"],
  ["insecure_skip_verify", "INSECURE_SKIP_VERIFY", "insecureSkipVerify", "bool"],
  ["token", "TOKEN", "token", "string"],
  ["user", "USER", "user", "string"],
  ["password", "PASSWORD", "password", "string"],
  ["nkey_seed_file", "NKEY", "nkey", "string"],
  ["creds_file", "CREDS", "creds", "string"],
];

/**
 * graft's keys that have no meaning here, accepted (and type-checked) so that graft templates keep
 * working: objects are always read in chunks with a deadline, whatever their size
 * (`streaming_threshold`), and `-T` traces every call (`audit_logging`).
 */
const IGNORED_FIELDS: readonly (readonly [string, FieldKind])[] = [
  ["streaming_threshold", "count"],
  ["audit_logging", "bool"],
];

const SECRET_FIELDS = new Set(["token", "user", "password", "nkey", "creds"]);

function environmentLayer(env: Environment, target: string | null) {
  const prefix = target === null ? "NATS_" : `NATS_${target.toUpperCase().replace(/-/g, "_")}_`;
  const layer: Layer = {};
  for (const [, suffix, field, kind] of FIELDS) {
    const name = prefix + suffix;
    const text = env(name);
    if (!text) continue;
    if (field === "url") addUrls(layer, parseUrls(text, name));
    else set(layer, field, envValue(name, text, kind));
  }
  if (target !== null && layer.urls === undefined) {
    throw configError(`NATS target "${target}" is not configured: ${prefix}URL is not set`);
  }
  return layer;
}

function envValue(name: string, text: string, kind: FieldKind): unknown {
  switch (kind) {
    case "string":
      return text;
    case "duration":
      return parseDuration(text) ??
        fail(`invalid ${name} "${text}": expected a duration such as "5s" or "500ms"`);
    case "count":
      return /^\d+$/.test(text)
        ? Number(text)
        : fail(`invalid ${name} "${text}": expected a whole number such as 3`);
    case "backoff": {
      const n = Number(text);
      return text.trim() !== "" && n >= 1
        ? n
        : fail(`invalid ${name} "${text}": expected a number of at least 1, such as 2`);
    }
    case "bool": {
      const lower = text.toLowerCase();
      if (["true", "1", "yes", "on"].includes(lower)) return true;
      if (["false", "0", "no", "off"].includes(lower)) return false;
      return fail(`invalid ${name} "${text}": expected true or false`);
    }
  }
}

function argumentLayer(argument: Value): Layer {
  if (typeof argument === "string") {
    const layer: Layer = {};
    addUrls(layer, parseUrls(argument, "the URL argument"));
    return layer;
  }
  if (!(argument instanceof Map)) {
    throw configError(
      `the second argument of nats must be a URL string or a configuration map, got ` +
        typeName(argument),
    );
  }
  const layer: Layer = {};
  for (const [key, value] of argument) {
    const ignored = IGNORED_FIELDS.find(([name]) => name === key);
    if (ignored) {
      if (value !== null) mapValue(ignored[0], value, ignored[1]);
      continue;
    }
    const field = FIELDS.find(([name]) => name === key);
    if (!field) {
      const known = FIELDS.map(([name]) => name).join(", ");
      throw configError(
        `unknown key "${String(key)}" in the nats configuration map (known: ${known})`,
      );
    }
    if (value === null) continue;
    const [name, , target, kind] = field;
    const converted = mapValue(name, value, kind);
    if (target === "url") addUrls(layer, parseUrls(converted as string, `"url"`));
    else set(layer, target, converted);
  }
  return layer;
}

function mapValue(key: string, value: Value, kind: FieldKind): unknown {
  const wrong = (expected: string) =>
    fail(`"${key}" in the nats configuration map must be ${expected}, got ${typeName(value)}`);
  switch (kind) {
    case "string":
      return typeof value === "string" ? value : wrong("a string");
    case "bool":
      return typeof value === "boolean" ? value : wrong("true or false");
    case "duration": {
      if (typeof value !== "string") return wrong('a duration string such as "10s"');
      return parseDuration(value) ??
        fail(
          `"${key}" in the nats configuration map must be a duration such as "10s", got "${value}"`,
        );
    }
    case "count":
      return typeof value === "number" && Number.isInteger(value) && value >= 0
        ? value
        : wrong("a whole number of at least 0");
    case "backoff": {
      const n = typeof value === "number" ? value : value instanceof Float ? value.value : NaN;
      return n >= 1 ? n : wrong("a number of at least 1");
    }
  }
}

/** Adds a layer's URLs; their `user:password@` counts less than the layer's explicit keys. */
function addUrls(layer: Layer, urls: ServerUrls): void {
  layer.urls = urls;
  if (urls.secrets) layer.secrets = { ...urls.secrets, ...layer.secrets };
}

function set(layer: Layer, field: string, value: unknown): void {
  if (SECRET_FIELDS.has(field)) {
    layer.secrets ??= {};
    layer.secrets[field as keyof Secrets] = value as string;
  } else {
    (layer as Record<string, unknown>)[field] = value;
  }
}

function chooseCredentials(secrets: Secrets): Credentials {
  if (secrets.creds) return { kind: "creds", file: secrets.creds };
  if (secrets.nkey) return { kind: "nkey", file: secrets.nkey };
  if (secrets.token) return { kind: "token", token: secrets.token };
  if (secrets.user || secrets.password) {
    return { kind: "user", user: secrets.user ?? "", password: secrets.password ?? "" };
  }
  return { kind: "none" };
}

/** A parsed URL list: servers, the printable form, TLS by scheme, the first `user:password@`. */
interface ServerUrls {
  servers: string[];
  display: string;
  tls: boolean;
  secrets?: Secrets;
}

function parseUrls(text: string, source: string): ServerUrls {
  const servers: string[] = [];
  const shown: string[] = [];
  let tls = false;
  let secrets: Secrets | undefined;
  // A password may hold a comma or anything else: text with credentials is never quoted.
  const quoted = (raw: string) => text.includes("@") ? "" : ` "${raw}"`;
  for (const part of text.split(",")) {
    const raw = part.trim();
    if (raw === "") continue;
    let url: URL;
    try {
      url = new URL(raw.includes("://") ? raw : `nats://${raw}`);
    } catch {
      throw configError(`invalid NATS URL${quoted(raw)} (from ${source})`);
    }
    if (url.protocol !== "nats:" && url.protocol !== "tls:") {
      throw configError(
        `invalid NATS URL${quoted(raw)} (from ${source}): the scheme must be nats:// or tls://`,
      );
    }
    if (url.hostname === "" || (url.pathname !== "" && url.pathname !== "/")) {
      throw configError(`invalid NATS URL${quoted(raw)} (from ${source})`);
    }
    const hostPort = `${url.hostname}:${url.port || "4222"}`;
    servers.push(hostPort);
    shown.push(`${url.protocol}//${hostPort}`);
    tls ||= url.protocol === "tls:";
    if (!secrets && (url.username || url.password)) {
      secrets = userinfo(url) ??
        fail(`invalid NATS URL (from ${source}): the credentials are not validly %-encoded`);
    }
  }
  if (servers.length === 0) throw configError(`the NATS URL (from ${source}) is empty`);
  return { servers, display: shown.join(","), tls, secrets };
}

/**
 * Go's reading of `user:password@` (both) or `token@` (a user name alone); undefined when the
 * %-encoding is broken (`100%`).
 */
function userinfo(url: URL): Secrets | undefined {
  try {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    return password === "" ? { token: user } : { user, password };
  } catch {
    return undefined;
  }
}

function isBucketName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!(isWordChar(c) || c === 45)) return false;
  }
  return true;
}

function isKvKey(key: string): boolean {
  if (key.startsWith(".") || key.endsWith(".") || key.includes("..")) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    // - . / =
    if (!(isWordChar(c) || c === 45 || c === 46 || c === 47 || c === 61)) return false;
  }
  return true;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function pathError(message: string): GraftError {
  return new GraftError("eval", message);
}

function configError(message: string): GraftError {
  return new GraftError("eval", message, { fatal: true });
}

function fail(message: string): never {
  throw configError(message);
}
