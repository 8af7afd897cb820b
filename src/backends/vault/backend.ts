/**
 * The Vault backend of a run: one client per target, created on its first read; each secret read
 * once per run (concurrent reads of one secret share a request); a cap on requests in flight.
 *
 * @module
 */

import { Limiter, LoadCache, type RetryOptions } from "../shared.ts";
import type { Environment } from "../../core/mod.ts";
import { readVaultConfig } from "./config.ts";
import { VaultClient } from "./client.ts";
import type { SecretData, SecretRequest, VaultReader } from "../../eval/mod.ts";

/** Options for {@link createVaultBackend}. */
export interface VaultBackendOptions {
  /** Requests in flight at most, over all targets. @default 16 */
  readonly concurrency?: number;
  /** Retries of transient failures (tests shorten the pauses). */
  readonly retry?: Omit<RetryOptions, "transient">;
  /** How long one request may take, in milliseconds. @default 30000 */
  readonly timeout?: number;
}

/** Reads Vault secrets for one run. */
export class VaultBackend implements VaultReader {
  readonly #env: Environment;
  readonly #options: VaultBackendOptions;
  readonly #limiter: Limiter;
  readonly #clients = new Map<string, Promise<VaultClient>>();
  readonly #secrets = new LoadCache<SecretData | undefined>();

  constructor(env: Environment, options: VaultBackendOptions = {}) {
    this.#env = env;
    this.#options = options;
    this.#limiter = new Limiter(options.concurrency ?? 16);
  }

  /**
   * The key/value pairs of a secret, or undefined when the path holds none.
   *
   * @throws {GraftError} (fatal) when the target is not configured, or Vault cannot be reached
   *   or refuses the read
   */
  read(request: SecretRequest): Promise<SecretData | undefined> {
    const path = request.path.replace(/^\/+/, "");
    const load = async () => (await this.#client(request.target)).read(path);
    if (request.nocache) return load();
    return this.#secrets.get(`${request.target ?? ""}\0${path}`, load);
  }

  /** Closes every client the run created. */
  async close(): Promise<void> {
    const clients = await Promise.allSettled(this.#clients.values());
    this.#clients.clear();
    for (const client of clients) if (client.status === "fulfilled") client.value.close();
  }

  #client(target: string | null): Promise<VaultClient> {
    const key = target ?? "";
    let client = this.#clients.get(key);
    if (!client) {
      client = readVaultConfig(this.#env, target).then((config) =>
        new VaultClient(config, {
          limiter: this.#limiter,
          retry: this.#options.retry,
          timeout: this.#options.timeout,
        })
      );
      this.#clients.set(key, client);
    }
    return client;
  }
}

/** The Vault backend of a run, configured from the environment (nothing is read until used). */
export function createVaultBackend(
  env: Environment,
  options: VaultBackendOptions = {},
): VaultBackend {
  return new VaultBackend(env, options);
}
