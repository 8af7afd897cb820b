/**
 * The external stores graft reads at run time. Each backend module, and the client library it
 * wraps, is imported only when a document first uses that backend, so a plain merge starts fast.
 *
 * @module
 */

import { type BackendFactory, Backends, type Environment } from "../core/mod.ts";

export {
  type Credentials,
  DEFAULT_NATS_URL,
  type NatsSettings,
  parseStorePath,
  resolveSettings,
  type StorePath,
  type TlsSettings,
} from "./nats/config.ts";

/** The backends of one run, configured from the environment, each opened on first use. */
export function createBackends(env: Environment): Backends {
  const factories = new Map<string, BackendFactory>([
    ["nats", async () => (await import("./nats/mod.ts")).createNatsBackend(env)],
    ["vault", async () => (await import("./vault/mod.ts")).createVaultBackend(env)],
    ["aws", async () => (await import("./aws/mod.ts")).createAwsBackend(env)],
  ]);
  return new Backends(factories);
}
