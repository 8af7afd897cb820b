/**
 * A small client of the Vault (and OpenBao) HTTP API that reads KV secrets. The KV version of a
 * path's mount is found through `sys/internal/ui/mounts/<path>`, as the Vault CLI does, once per
 * mount: KV v2 reads get `data/` inserted after the mount and their envelope unwrapped.
 * Transient failures (a refused connection, 429, 5xx) are retried with backoff.
 *
 * @module
 */

import { GraftError } from "../../core/mod.ts";
import { Limiter, LoadCache, retry, type RetryOptions } from "../shared.ts";
import type { VaultConfig } from "./config.ts";
import type { SecretData } from "../../eval/mod.ts";
import { getWithoutVerifying } from "./insecure.ts";

/** Options for {@link VaultClient}. */
export interface VaultClientOptions {
  /** Caps the requests in flight (one limiter may serve several clients). */
  readonly limiter?: Limiter;
  /** Retries of transient failures; the defaults of {@link retry} when absent. */
  readonly retry?: Omit<RetryOptions, "transient">;
  /** How long one request may take, in milliseconds. @default 30000 */
  readonly timeout?: number;
}

/** A KV mount: its path with a trailing `/`, and its KV version. */
interface Mount {
  readonly path: string;
  readonly version: 1 | 2;
}

/** An HTTP answer: its status and its JSON body (undefined when the body is not JSON). */
interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** Statuses worth another attempt: rate limiting, and a server or proxy in trouble. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([412, 429, 500, 502, 503, 504]);

/** A reply with a status in {@link TRANSIENT_STATUSES}, thrown so that it is retried. */
class TransientReply extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** Reads secrets from one Vault. */
export class VaultClient {
  readonly #config: VaultConfig;
  readonly #http?: Deno.HttpClient;
  readonly #limiter: Limiter;
  readonly #retry: Omit<RetryOptions, "transient">;
  readonly #timeout: number;
  /** Mount detections, by the first segment of the paths they were made for. */
  readonly #detections = new LoadCache<Mount>();
  /** Mounts found below the first segment of a path (`team/kv/`). */
  readonly #deeperMounts: Mount[] = [];

  constructor(config: VaultConfig, options: VaultClientOptions = {}) {
    this.#config = config;
    if (config.caCerts.length > 0 || config.clientCert) {
      this.#http = Deno.createHttpClient({ caCerts: [...config.caCerts], ...config.clientCert });
    }
    this.#limiter = options.limiter ?? new Limiter(16);
    this.#retry = options.retry ?? {};
    this.#timeout = options.timeout ?? 30_000;
  }

  /**
   * The secret at a logical path (`secret/db`, without leading `/`), or undefined when nothing is
   * stored there (or its latest KV v2 version is deleted).
   *
   * @throws {GraftError} (fatal) when Vault cannot be reached or refuses the read
   */
  async read(path: string): Promise<SecretData | undefined> {
    const mount = await this.#mountOf(path);
    const apiPath = mount.version === 2 ? dataPath(path, mount.path) : path;
    const reply = await this.#get(apiPath, path);
    if (reply.status === 404) return undefined;
    if (reply.status !== 200) throw this.#failure(path, describeReply(reply));
    let data = isRecord(reply.body) ? reply.body.data : undefined;
    if (mount.version === 2 && isRecord(data)) data = data.data;
    if (data === null) return undefined;
    if (!isRecord(data)) throw this.#failure(path, "unexpected response from Vault (no data)");
    return data;
  }

  /** Releases the connections of a custom HTTP client. */
  close(): void {
    this.#http?.close();
  }

  /**
   * The mount of a path. Paths are grouped by their first segment, so that many secrets under
   * one mount cost one detection, even when they are read concurrently.
   */
  async #mountOf(path: string): Promise<Mount> {
    const slash = path.indexOf("/");
    const head = slash < 0 ? `${path}/` : path.slice(0, slash + 1);
    const mount = await this.#detections.get(head, () => this.#detect(path, head));
    if (path.startsWith(mount.path)) return mount;
    const deeper = this.#deeperMounts.find((m) => path.startsWith(m.path));
    if (deeper) return deeper;
    const found = await this.#detect(path, head);
    this.#deeperMounts.push(found);
    return found;
  }

  /**
   * Asks Vault which mount serves a path and its KV version. When Vault will not say (an old
   * Vault without the endpoint, a policy that denies it), the first segment is taken for a KV v1
   * mount, and the read itself tells what is there.
   */
  async #detect(path: string, head: string): Promise<Mount> {
    const reply = await this.#get(`sys/internal/ui/mounts/${path}`, path);
    const data = isRecord(reply.body) ? reply.body.data : undefined;
    if (reply.status !== 200 || !isRecord(data)) return { path: head, version: 1 };
    const mountPath = typeof data.path === "string" && data.path !== "" ? data.path : head;
    const options = isRecord(data.options) ? data.options : {};
    return {
      path: mountPath.endsWith("/") ? mountPath : `${mountPath}/`,
      version: options.version === "2" ? 2 : 1,
    };
  }

  /** A GET of an API path, transient failures retried; `path` is what messages name. */
  async #get(apiPath: string, path: string): Promise<Reply> {
    try {
      return await retry(
        () => this.#limiter.run(() => this.#request(apiPath)),
        { ...this.#retry, transient: isTransient },
      );
    } catch (error) {
      if (error instanceof TransientReply) throw this.#failure(path, describeReply(error.reply));
      throw this.#failure(path, this.#describeError(error));
    }
  }

  async #request(apiPath: string): Promise<Reply> {
    const headers: Record<string, string> = { "X-Vault-Token": this.#config.token };
    if (this.#config.namespace) headers["X-Vault-Namespace"] = this.#config.namespace;
    const url = `${this.#config.address}/v1/${encodePath(apiPath)}`;
    const { status, text } = this.#config.skipVerify && url.startsWith("https:")
      ? await getWithoutVerifying(url, headers, this.#timeout)
      : await this.#fetch(url, headers);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const reply = { status, body };
    if (TRANSIENT_STATUSES.has(reply.status)) throw new TransientReply(reply);
    return reply;
  }

  async #fetch(url: string, headers: Record<string, string>) {
    const response = await fetch(url, {
      headers,
      client: this.#http,
      signal: AbortSignal.timeout(this.#timeout),
    });
    return { status: response.status, text: await response.text() };
  }

  #describeError(error: unknown): string {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      return `no answer within ${this.#timeout / 1000}s`;
    }
    if (!(error instanceof Error)) return String(error);
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    const reason = cause.replace(/^error sending request for url \([^)]*\): /, "")
      .replace(/^client error \(Connect\): /, "");
    const hint = /certificate/i.test(reason)
      ? " (set VAULT_CACERT to the Vault's CA certificate, or VAULT_SKIP_VERIFY=1)"
      : "";
    return `cannot connect: ${reason}${hint}`;
  }

  /** A failed read of a path, as users see it; the token is never part of it. */
  #failure(path: string, reason: string): GraftError {
    const message = `failed to read ${path} from Vault at ${this.#config.address}: ${reason}`;
    return new GraftError("eval", message.replaceAll(this.#config.token, "<token>"), {
      fatal: true,
    });
  }
}

/** Network failures of `node:https` worth another attempt. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);

/** True for a failure worth another attempt: no connection, or a transient status. */
function isTransient(error: unknown): boolean {
  if (error instanceof TransientReply) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
  // fetch rejects with a TypeError when no answer came; certificate problems do not pass.
  if (!(error instanceof TypeError)) return false;
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  return !/certificate|tls/i.test(cause);
}

/** The API path of a KV v2 read: `data/` after the mount, unless the path already has it. */
function dataPath(path: string, mount: string): string {
  const rest = path.slice(mount.length);
  return rest.startsWith("data/") ? path : `${mount}data/${rest}`;
}

/** A path made safe for a URL, `/` kept, as Go's URL encoding does (`?` and `#` escaped). */
function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, encodeURIComponent);
}

/** What a failed reply says: Vault's error texts and the status. */
function describeReply(reply: Reply): string {
  const errors = isRecord(reply.body) && Array.isArray(reply.body.errors) ? reply.body.errors : [];
  // Vault wraps some errors as "1 error occurred:\n\t* permission denied\n\n".
  const reasons = errors.flatMap((e) =>
    String(e).split("\n").map((line) => line.replace(/^\s*\*\s*/, "").trim())
      .filter((line) => line !== "" && !/^\d+ errors? occurred:$/.test(line))
  );
  const status = `HTTP ${reply.status}`;
  return reasons.length > 0 ? `${reasons.join("; ")} (${status})` : status;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
