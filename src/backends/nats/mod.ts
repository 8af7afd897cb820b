/**
 * The NATS JetStream backend of `(( nats ... ))`: reads KV entries and objects, one connection
 * per server identity, each value read once per run (concurrent identical reads share one
 * request). This module imports the NATS client libraries; `src/backends/mod.ts` loads it only
 * when a document uses `nats`.
 *
 * @module
 */

import { deepCopy, type Environment, type Value } from "../../core/mod.ts";
import type { NatsReader, NatsRequest } from "../../eval/mod.ts";
import { type NatsSettings, parseStorePath, resolveSettings, type StorePath } from "./config.ts";
import { connectionKey, openConnection } from "./connection.ts";
import { Stores } from "./stores.ts";

/** The NATS backend of one run. */
export class NatsBackend implements NatsReader {
  readonly #env: Environment;
  readonly #stores = new Map<string, Promise<Stores>>();
  /** Values read or being read, with when the read started. */
  readonly #values = new Map<string, { started: number; value: Promise<Value> }>();
  /** Settings and connection keys of calls without a configuration map, by target and URL. */
  readonly #settings = new Map<string, { settings: NatsSettings; connection: string }>();
  #connectFailed = false;

  constructor(env: Environment) {
    this.#env = env;
    globalThis.addEventListener("error", ignoreSocketNoise);
  }

  /**
   * Reads a KV entry or an object, converted to a document value (a fresh copy for each call).
   *
   * @throws {GraftError} non-fatal when the path is malformed or the bucket, key or object is
   *   missing (a `||` fallback applies); fatal for configuration, connection, authentication,
   *   TLS, permission and server failures
   */
  async read(request: NatsRequest): Promise<Value> {
    const path = parseStorePath(request.path);
    const { settings, connection } = this.#settingsOf(request);
    if (request.nocache) return await this.#fetch(connection, settings, path);
    const id = `${connection}\n${path.store}:${path.bucket}/${path.name}`;
    const now = Date.now();
    let cached = this.#values.get(id);
    if (!cached || now - cached.started >= settings.cacheTtl) {
      const value = this.#fetch(connection, settings, path);
      cached = { started: now, value };
      this.#values.set(id, cached);
      // Failures are shared by the calls waiting for them, then forgotten.
      value.catch(() => {
        if (this.#values.get(id)?.value === value) this.#values.delete(id);
      });
    }
    return deepCopy(await cached.value);
  }

  /** Closes every connection the run opened. */
  async close(): Promise<void> {
    const opened = [...this.#stores.values()];
    this.#stores.clear();
    await Promise.all(opened.map((stores) => stores.then((s) => s.close(), () => {})));
    // A socket the server refused reports its reset a moment after connect() has failed.
    if (this.#connectFailed) await new Promise((resolve) => setTimeout(resolve, 100));
    globalThis.removeEventListener("error", ignoreSocketNoise);
  }

  /**
   * A call's settings and connection key. The environment does not change during a run, so
   * calls with the same target and no argument or the same URL share them.
   */
  #settingsOf(request: NatsRequest): { settings: NatsSettings; connection: string } {
    const { target, connection: argument } = request;
    const resolve = () => {
      const settings = resolveSettings(this.#env, target, argument);
      return { settings, connection: connectionKey(settings) };
    };
    if (argument !== undefined && typeof argument !== "string") return resolve();
    const id = JSON.stringify([target, argument ?? null]);
    let known = this.#settings.get(id);
    if (!known) this.#settings.set(id, known = resolve());
    return known;
  }

  async #fetch(
    connection: string,
    settings: NatsSettings,
    path: StorePath,
  ): Promise<Value> {
    let stores = this.#stores.get(connection);
    if (!stores) {
      stores = openConnection(settings).then((nc) => new Stores(settings, nc));
      stores.catch(() => {
        this.#connectFailed = true;
      });
      this.#stores.set(connection, stores);
    }
    const store = await stores;
    return path.store === "kv"
      ? await store.readKv(path.bucket, path.name)
      : await store.readObject(path.bucket, path.name);
  }
}

/** The backend factory `src/backends/mod.ts` registers as `nats`. */
export function createNatsBackend(env: Environment): NatsBackend {
  return new NatsBackend(env);
}

/**
 * After the server rejects a connection (bad credentials, TLS alerts), Deno's node:net socket
 * emits its reset with no listener left, which would crash the process (NATS-NOTES §0.2). The
 * client has already reported the failure, so these events are dropped while the backend lives.
 */
function ignoreSocketNoise(event: ErrorEvent): void {
  const error = event.error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof error?.code === "string" ? error.code : "";
  const message = typeof error?.message === "string" ? error.message : "";
  if (
    code === "ECONNRESET" || code === "EPIPE" || code.startsWith("ERR_SSL_") ||
    /ECONNRESET|fatal alert/.test(message)
  ) {
    event.preventDefault();
  }
}
