import assert from "node:assert/strict";
import { GraftError } from "../../core/mod.ts";
import {
  startVaultServer,
  TEST_CA_CERT,
  type VaultServerOptions,
} from "../../../tests/_helpers/vault_server.ts";
import { VaultClient } from "./client.ts";
import type { VaultConfig } from "./config.ts";

const TOKEN = "s.client-test-token";

const MOUNTS: VaultServerOptions["mounts"] = {
  "secret/": { version: 1, secrets: { "db": { password: "v1-pw" } } },
  "kv/": { version: 2, secrets: { "app/db": { password: "v2-pw" }, "gone": null } },
  "team/kv/": { version: 2, secrets: { "api": { key: "deep" } } },
};

function config(address: string, extra: Partial<VaultConfig> = {}): VaultConfig {
  return { address, token: TOKEN, caCerts: [], skipVerify: false, ...extra };
}

/** Runs a test against a local Vault, closing both afterwards. */
async function withVault(
  options: VaultServerOptions,
  test: (client: VaultClient, server: ReturnType<typeof startVaultServer>) => Promise<void>,
  extra: Partial<VaultConfig> = {},
) {
  const server = startVaultServer({ token: TOKEN, mounts: MOUNTS, ...options });
  const client = new VaultClient(config(server.address, extra), { retry: { delay: 1 } });
  try {
    await test(client, server);
  } finally {
    client.close();
    await server.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<GraftError> {
  const error = await promise.then(() => undefined, (e) => e);
  assert.ok(error instanceof GraftError, `expected a GraftError, got ${error}`);
  return error;
}

Deno.test("VaultClient reads KV v1 and v2 secrets, detecting each mount once", async () => {
  await withVault({}, async (client, server) => {
    assert.deepEqual(await client.read("secret/db"), { password: "v1-pw" });
    assert.deepEqual(await client.read("kv/app/db"), { password: "v2-pw" });
    assert.deepEqual(await client.read("kv/data/app/db"), { password: "v2-pw" });
    assert.equal(await client.read("kv/app/missing"), undefined);
    assert.equal(await client.read("kv/gone"), undefined);
    assert.equal(await client.read("secret/missing"), undefined);
    assert.deepEqual(await client.read("team/kv/api"), { key: "deep" });
    assert.deepEqual(server.requests.map((r) => r.path), [
      "sys/internal/ui/mounts/secret/db",
      "secret/db",
      "sys/internal/ui/mounts/kv/app/db",
      "kv/data/app/db",
      "kv/data/app/db",
      "kv/data/app/missing",
      "kv/data/gone",
      "secret/missing",
      "sys/internal/ui/mounts/team/kv/api",
      "team/kv/data/api",
    ]);
    assert.ok(server.requests.every((r) => r.token === TOKEN && r.namespace === null));
  });
});

Deno.test("VaultClient detects a mount once for concurrent reads below it", async () => {
  await withVault({ latency: 5 }, async (client, server) => {
    await Promise.all(["a", "b", "c", "app/db"].map((name) => client.read(`kv/${name}`)));
    const detections = server.requests.filter((r) => r.path.startsWith("sys/"));
    assert.equal(detections.length, 1);
  });
});

Deno.test("VaultClient takes a mount for KV v1 when Vault cannot describe it", async () => {
  await withVault({ noMountsEndpoint: true }, async (client, server) => {
    assert.deepEqual(await client.read("secret/db"), { password: "v1-pw" });
    // A KV v2 mount read as v1 finds nothing (Vault's 404 for a path without data/).
    assert.equal(await client.read("kv/app/db"), undefined);
    assert.deepEqual(await client.read("kv/data/app/db"), {
      data: { password: "v2-pw" },
      metadata: {
        created_time: "2026-01-02T03:04:05.123456789Z",
        custom_metadata: null,
        deletion_time: "",
        destroyed: false,
        version: 1,
      },
    });
    // An unknown mount: the preflight is refused, the read says no such route.
    assert.equal(await client.read("nowhere/x"), undefined);
    assert.equal(server.requests.filter((r) => r.path.startsWith("sys/")).length, 3);
  });
});

Deno.test("VaultClient sends the namespace", async () => {
  await withVault({
    mounts: {},
    namespaces: { "team-a": { "secret/": { version: 2, secrets: { x: { k: "in-ns" } } } } },
  }, async (client, server) => {
    assert.deepEqual(await client.read("secret/x"), { k: "in-ns" });
    assert.ok(server.requests.every((r) => r.namespace === "team-a"));
  }, { namespace: "team-a" });
});

Deno.test("VaultClient reports a refused token, without the token", async () => {
  const server = startVaultServer({ token: "s.the-right-one", mounts: MOUNTS });
  const client = new VaultClient(config(server.address), { retry: { delay: 1 } });
  try {
    const error = await failure(client.read("secret/db"));
    assert.equal(
      error.message,
      `failed to read secret/db from Vault at ${server.address}: permission denied (HTTP 403)`,
    );
    assert.ok(error.fatal);
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("VaultClient reports a path the policies deny", async () => {
  await withVault({ denied: ["kv/data/app/db"] }, async (client, server) => {
    const error = await failure(client.read("kv/app/db"));
    assert.equal(
      error.message,
      `failed to read kv/app/db from Vault at ${server.address}: permission denied (HTTP 403)`,
    );
  });
});

Deno.test("VaultClient retries a server error, then reads", async () => {
  await withVault({ flaky: { "secret/db": 2 } }, async (client, server) => {
    assert.deepEqual(await client.read("secret/db"), { password: "v1-pw" });
    assert.equal(server.requests.filter((r) => r.path === "secret/db").length, 3);
  });
});

Deno.test("VaultClient gives up on a sealed Vault after its attempts", async () => {
  await withVault({ sealed: true }, async (client, server) => {
    const error = await failure(client.read("secret/db"));
    assert.equal(
      error.message,
      `failed to read secret/db from Vault at ${server.address}: Vault is sealed (HTTP 503)`,
    );
    assert.equal(server.requests.length, 3);
  });
});

Deno.test("VaultClient reports a Vault it cannot connect to, after retrying", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const address = `http://127.0.0.1:${listener.addr.port}`;
  listener.close();
  const client = new VaultClient(config(address), { retry: { delay: 1 } });
  const error = await failure(client.read("secret/db"));
  assert.match(
    error.message,
    /^failed to read secret\/db from Vault at http:\/\/127\.0\.0\.1:\d+: cannot connect: .*Connection refused/,
  );
  assert.ok(error.fatal);
});

Deno.test("VaultClient trusts VAULT_CACERT, and explains a certificate it cannot verify", async () => {
  await withVault({ tls: true }, async (client) => {
    assert.deepEqual(await client.read("secret/db"), { password: "v1-pw" });
  }, { caCerts: [TEST_CA_CERT] });
  await withVault({ tls: true }, async (client) => {
    const error = await failure(client.read("secret/db"));
    assert.match(error.message, /certificate.*\(set VAULT_CACERT .*, or VAULT_SKIP_VERIFY=1\)/);
  });
});

Deno.test("VaultClient with VAULT_SKIP_VERIFY reads from a Vault whose certificate it cannot verify", async () => {
  await withVault({ tls: true }, async (client) => {
    assert.deepEqual(await client.read("secret/db"), { password: "v1-pw" });
  }, { skipVerify: true });
});

Deno.test("VaultClient with VAULT_SKIP_VERIFY still reports a Vault that is not there", async () => {
  const error = await failure(
    new VaultClient(config("https://127.0.0.1:1", { skipVerify: true }), {
      retry: { attempts: 1 },
    }).read("secret/db"),
  );
  assert.match(
    error.message,
    /^failed to read secret\/db from Vault at https:\/\/127\.0\.0\.1:1: cannot connect: .*ECONNREFUSED/,
  );
  assert.ok(error.fatal);
});

Deno.test("VaultClient encodes the path, keeping its slashes", async () => {
  await withVault({
    mounts: { "secret/": { version: 1, secrets: { "a b/c?d#e": { k: "odd" } } } },
  }, async (client, server) => {
    assert.deepEqual(await client.read("secret/a b/c?d#e"), { k: "odd" });
    assert.equal(server.requests[1].path, "secret/a b/c?d#e");
  });
});
