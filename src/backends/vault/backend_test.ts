import assert from "node:assert/strict";
import { startVaultServer, type VaultServer } from "../../../tests/_helpers/vault_server.ts";
import { createVaultBackend, type VaultBackend } from "./backend.ts";

const SECRETS = Object.fromEntries(
  Array.from({ length: 50 }, (_, i) => [`s${i}`, { value: `v${i}` }]),
);

/** Runs a test with a backend whose default target and `other` target are two local Vaults. */
async function withBackend(
  test: (backend: VaultBackend, main: VaultServer, other: VaultServer) => Promise<void>,
  concurrency?: number,
) {
  const main = startVaultServer({
    token: "s.main",
    latency: 2,
    mounts: { "secret/": { version: 1, secrets: SECRETS } },
  });
  const other = startVaultServer({
    token: "s.other",
    mounts: { "secret/": { version: 1, secrets: { s0: { value: "other" } } } },
  });
  const env: Record<string, string> = {
    VAULT_ADDR: main.address,
    VAULT_TOKEN: "s.main",
    VAULT_OTHER_ADDR: other.address,
    VAULT_OTHER_TOKEN: "s.other",
  };
  const backend = createVaultBackend((name) => env[name], { concurrency });
  try {
    await test(backend, main, other);
  } finally {
    await backend.close();
    await main.close();
    await other.close();
  }
}

const reads = (server: VaultServer, path: string) =>
  server.requests.filter((r) => r.path === path).length;

Deno.test("VaultBackend reads each secret once per run, however many calls ask", async () => {
  await withBackend(async (backend, main) => {
    const asks = Array.from(
      { length: 20 },
      () => backend.read({ target: null, path: "secret/s1" }),
    );
    asks.push(backend.read({ target: null, path: "/secret/s1" }));
    for (const data of await Promise.all(asks)) assert.deepEqual(data, { value: "v1" });
    assert.deepEqual(await backend.read({ target: null, path: "secret/s1" }), { value: "v1" });
    assert.equal(reads(main, "secret/s1"), 1);
  });
});

Deno.test("VaultBackend reads past its cache for :nocache", async () => {
  await withBackend(async (backend, main) => {
    await backend.read({ target: null, path: "secret/s2" });
    await backend.read({ target: null, path: "secret/s2", nocache: true });
    await backend.read({ target: null, path: "secret/s2", nocache: true });
    await backend.read({ target: null, path: "secret/s2" });
    assert.equal(reads(main, "secret/s2"), 3);
  });
});

Deno.test("VaultBackend keeps targets apart", async () => {
  await withBackend(async (backend, main, other) => {
    assert.deepEqual(await backend.read({ target: null, path: "secret/s0" }), { value: "v0" });
    assert.deepEqual(await backend.read({ target: "other", path: "secret/s0" }), {
      value: "other",
    });
    assert.ok(main.requests.every((r) => r.token === "s.main"));
    assert.ok(other.requests.every((r) => r.token === "s.other"));
    await assert.rejects(backend.read({ target: "missing", path: "secret/s0" }), {
      message: "vault target 'missing' is not configured (expected VAULT_MISSING_ADDR and " +
        "VAULT_MISSING_TOKEN environment variables)",
    });
  });
});

Deno.test("VaultBackend caps the requests in flight", async () => {
  await withBackend(async (backend, main) => {
    const all = await Promise.all(
      Object.keys(SECRETS).map((name) => backend.read({ target: null, path: `secret/${name}` })),
    );
    assert.deepEqual(all, Object.values(SECRETS));
    assert.equal(main.maxInFlight, 4);
  }, 4);
});
