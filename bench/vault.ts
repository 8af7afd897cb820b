/**
 * The Vault case of `deno task bench`: one template reading 500 distinct secrets from a local
 * Vault (the test server, answering each request after a 2 ms delay, like a near network hop),
 * against 500 sequential reads through the same client code, both in this process.
 *
 * @module
 */

import { runMerge } from "../src/cli/mod.ts";
import { readVaultConfig, VaultClient } from "../src/backends/vault/mod.ts";
import { startVaultServer } from "../tests/_helpers/vault_server.ts";

/** How many secrets the template reads. */
export const VAULT_SECRETS = 500;
/** Milliseconds the server waits before each answer. */
export const VAULT_LATENCY_MS = 2;
const RUNS = 3;

/** The Vault case's measurements. */
export interface VaultRow {
  secrets: number;
  latencyMs: number;
  /** Median wall time of merging the template (each run opens its own backend: no cache). */
  mergeMs: number;
  /** The same secrets read one after the other. */
  sequentialMs: number;
}

/** Runs the Vault case. */
export async function benchVault(): Promise<VaultRow> {
  const names = Array.from({ length: VAULT_SECRETS }, (_, i) => `app/s${i}`);
  const server = startVaultServer({
    latency: VAULT_LATENCY_MS,
    mounts: {
      "secret/": {
        version: 2,
        secrets: Object.fromEntries(names.map((name) => [name, { value: `v-${name}` }])),
      },
    },
  });
  try {
    const vars: Record<string, string> = { VAULT_ADDR: server.address, VAULT_TOKEN: "test-token" };
    const env = (name: string) => vars[name];
    const text = ["secrets:", ...names.map((n, i) => `  s${i}: (( vault "secret/${n}:value" ))`)]
      .join("\n");
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      await runMerge([{ name: "vault.yml", text }], {}, { env, warn: () => {} });
      times.push(performance.now() - start);
    }
    const client = new VaultClient(await readVaultConfig(env, null));
    const start = performance.now();
    for (const name of names) await client.read(`secret/${name}`);
    const sequentialMs = performance.now() - start;
    times.sort((a, b) => a - b);
    return {
      secrets: VAULT_SECRETS,
      latencyMs: VAULT_LATENCY_MS,
      mergeMs: times[Math.floor(RUNS / 2)],
      sequentialMs,
    };
  } finally {
    await server.close();
  }
}

if (import.meta.main) console.log(await benchVault());
