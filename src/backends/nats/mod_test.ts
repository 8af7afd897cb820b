import assert from "node:assert/strict";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import { GraftError, type Value } from "../../core/mod.ts";
import { type NatsServer, seedNats, startNatsServer } from "../../../tests/_helpers/nats_server.ts";
import type { NatsRequest } from "../../eval/mod.ts";
import { createNatsBackend, type NatsBackend } from "./mod.ts";

const map = (entries: Record<string, Value>): Value => new Map(Object.entries(entries));
/** 300 KB of binary data: three chunks of an object. */
const BIG = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);

/** One server for the whole file; `t.step`s share it. */
async function withServer(fn: (server: NatsServer) => Promise<void>): Promise<void> {
  await using server = await startNatsServer();
  await seedNats(server.url, {
    kv: {
      config: {
        database_host: "db.example.com",
        app_settings: "debug: false\nfeatures:\n  - auth\n",
        deleted: "x",
        purged: "x",
        changing: "before",
      },
      services: { "api-gateway/config": "port: 8080\ntimeout: 30s\n" },
    },
    obj: {
      assets: {
        "config.yaml": "log_level: info\n",
        "images/logo.png": {
          data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
          contentType: "image/png",
        },
      },
    },
  });
  const nc = await connect({ servers: server.url });
  const js = jetstream(nc);
  const kv = await new Kvm(js).open("config");
  await kv.delete("deleted");
  await kv.purge("purged");
  // A bucket read through the stream leader (no direct gets).
  const legacy = await new Kvm(js).create("legacy", { allow_direct: false });
  await legacy.put("key", "from the leader");
  const assets = await new Objm(js).open("assets");
  await assets.link("alias.yaml", (await assets.info("config.yaml"))!);
  await assets.putBlob({ name: "big.bin" }, BIG);
  await assets.putBlob({ name: "deleted.yaml" }, new TextEncoder().encode("a: 1\n"));
  await assets.delete("deleted.yaml");
  await nc.close();
  await fn(server);
}

/** A backend whose environment points at the server (and holds `vars`). */
function backendFor(server: NatsServer, vars: Record<string, string> = {}): NatsBackend {
  const env: Record<string, string> = { NATS_URL: server.url, ...vars };
  return createNatsBackend((name) => env[name]);
}

async function read(backend: NatsBackend, request: string | NatsRequest): Promise<Value> {
  return await backend.read(
    typeof request === "string" ? { path: request, target: null } : request,
  );
}

/** The GraftError a read fails with. */
async function failure(backend: NatsBackend, request: string | NatsRequest): Promise<GraftError> {
  try {
    await read(backend, request);
  } catch (error) {
    assert.ok(error instanceof GraftError, String(error));
    return error;
  }
  assert.fail("expected the read to fail");
}

async function varz(server: NatsServer): Promise<{ in_msgs: number; total_connections?: number }> {
  return await (await fetch(`${server.monitorUrl}/varz`)).json();
}

/** The server's open connections, once it has seen them drop to `expected` (or after 1 s). */
async function connections(server: NatsServer, expected: number): Promise<number> {
  for (let tries = 0;; tries++) {
    const connz = await (await fetch(`${server.monitorUrl}/connz`)).json();
    if (connz.num_connections === expected || tries === 50) return connz.num_connections;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("NatsBackend against a real server", async (t) => {
  await withServer(async (server) => {
    await t.step("reads KV entries and objects", async () => {
      const backend = backendFor(server);
      try {
        assert.equal(await read(backend, "kv:config/database_host"), "db.example.com");
        assert.deepEqual(
          await read(backend, "kv:config/app_settings"),
          map({ debug: false, features: ["auth"] }),
        );
        assert.deepEqual(
          await read(backend, "kv:services/api-gateway/config"),
          map({ port: 8080, timeout: "30s" }),
        );
        assert.deepEqual(await read(backend, "obj:assets/config.yaml"), map({ log_level: "info" }));
        assert.equal(await read(backend, "obj:assets/images/logo.png"), "iVBORw==");
        assert.deepEqual(await read(backend, "obj:assets/alias.yaml"), map({ log_level: "info" }));
        assert.equal(await read(backend, "obj:assets/big.bin"), BIG.toBase64());
        assert.equal(await read(backend, "kv:legacy/key"), "from the leader");
      } finally {
        await backend.close();
      }
    });

    await t.step("missing buckets, keys and objects are not-found errors || can hide", async () => {
      const backend = backendFor(server);
      try {
        const cases: [string, string][] = [
          ["kv:config/nope", 'failed to get key "nope" from KV store "config": key not found'],
          [
            "kv:config/deleted",
            'failed to get key "deleted" from KV store "config": key not found',
          ],
          ["kv:config/purged", 'failed to get key "purged" from KV store "config": key not found'],
          ["kv:nobucket/k", 'failed to access KV store "nobucket": bucket not found'],
          [
            "obj:assets/nope.yaml",
            'failed to get object "nope.yaml" from Object store "assets": object not found',
          ],
          ["obj:nobucket/o", 'failed to access Object store "nobucket": bucket not found'],
          [
            "obj:assets/deleted.yaml",
            'failed to get object "deleted.yaml" from Object store "assets": object not found',
          ],
          ["kv:legacy/nope", 'failed to get key "nope" from KV store "legacy": key not found'],
        ];
        for (const [path, message] of cases) {
          const started = performance.now();
          const error = await failure(backend, path);
          assert.equal(error.message, message);
          assert.equal(error.fatal, false, path);
          // One round trip, never a retry schedule.
          assert.ok(performance.now() - started < 1000, `${path} took too long`);
        }
      } finally {
        await backend.close();
      }
    });

    await t.step("one connection for every lookup of one server identity", async () => {
      const before = (await varz(server)).total_connections!;
      const backend = backendFor(server);
      try {
        await Promise.all([
          read(backend, "kv:config/database_host"),
          read(backend, "kv:services/api-gateway/config"),
          read(backend, "obj:assets/config.yaml"),
          read(backend, { path: "kv:config/app_settings", target: null, connection: server.url }),
        ]);
        assert.equal((await varz(server)).total_connections! - before, 1);
        // Other credentials are another identity (this server accepts any).
        await read(backend, {
          path: "kv:config/database_host",
          target: null,
          connection: map({ token: "another" }),
        });
        assert.equal((await varz(server)).total_connections! - before, 2);
      } finally {
        await backend.close();
      }
      assert.equal(await connections(server, 0), 0, "close() closes every connection");
    });

    await t.step("identical concurrent lookups share one request; values are copies", async () => {
      const backend = backendFor(server);
      try {
        await read(backend, "kv:config/database_host"); // connects and opens the bucket
        const before = (await varz(server)).in_msgs;
        const values = await Promise.all(
          Array.from({ length: 50 }, () => read(backend, "kv:config/app_settings")),
        );
        assert.equal((await varz(server)).in_msgs - before, 1);
        assert.notEqual(values[0], values[1]);
        assert.deepEqual(values[0], values[1]);
      } finally {
        await backend.close();
      }
    });

    await t.step("values are cached for the run; :nocache reads again", async () => {
      const backend = backendFor(server);
      const nc = await connect({ servers: server.url });
      try {
        assert.equal(await read(backend, "kv:config/changing"), "before");
        await (await new Kvm(jetstream(nc)).open("config")).put("changing", "after");
        assert.equal(await read(backend, "kv:config/changing"), "before");
        const fresh = { path: "kv:config/changing", target: null, nocache: true };
        assert.equal(await read(backend, fresh), "after");
        // cache_ttl bounds the reuse.
        const ttl = {
          path: "kv:config/changing",
          target: null,
          connection: map({ cache_ttl: "0" }),
        };
        assert.equal(await read(backend, ttl), "after");
      } finally {
        await nc.close();
        await backend.close();
      }
    });

    await t.step("a hung server: reads give up after the timeout and the retries", async () => {
      const backend = backendFor(server, {
        NATS_TIMEOUT: "300ms",
        NATS_RETRIES: "1",
        NATS_RETRY_INTERVAL: "10ms",
      });
      try {
        await read(backend, "kv:config/database_host");
        await server.signal("SIGSTOP");
        const started = performance.now();
        const error = await failure(backend, "kv:config/app_settings");
        await server.signal("SIGCONT");
        assert.equal(
          error.message,
          'failed to get key "app_settings" from KV store "config": no answer within 300ms ' +
            "(after 2 attempts)",
        );
        assert.equal(error.fatal, true);
        assert.ok(performance.now() - started < 2000);
      } finally {
        await server.signal("SIGCONT");
        await backend.close();
      }
    });
  });
});

Deno.test("NatsBackend: a stopped server is a fast, clear, fatal error", async () => {
  const server = await startNatsServer();
  await server.stop();
  const backend = backendFor(server, { NATS_RETRIES: "0" });
  try {
    const started = performance.now();
    const error = await failure(backend, "kv:config/database_host");
    assert.equal(
      error.message,
      `failed to connect to NATS at nats://127.0.0.1:${server.port}: connection refused`,
    );
    assert.equal(error.fatal, true);
    assert.ok(performance.now() - started < 1500);
    // Every lookup of that server shares the failure, without connecting again.
    assert.equal((await failure(backend, "kv:config/other")).message, error.message);
  } finally {
    await backend.close();
  }
});

Deno.test("NatsBackend: a server without JetStream", async () => {
  await using server = await startNatsServer({ jetstream: false });
  const backend = backendFor(server);
  try {
    const error = await failure(backend, "kv:config/database_host");
    assert.equal(
      error.message,
      'failed to access KV store "config": JetStream is not enabled on the server',
    );
    assert.equal(error.fatal, true);
  } finally {
    await backend.close();
  }
});

Deno.test("NatsBackend: permission violations are fatal and name the subject", async () => {
  const allowed = [
    "$JS.API.INFO",
    "$JS.API.STREAM.INFO.KV_config",
    "$JS.API.DIRECT.GET.KV_config.>",
  ];
  await using server = await startNatsServer({
    config: `authorization { users: [
      { user: admin, password: admin }
      { user: reader, password: reader, permissions: {
          publish: { allow: ${JSON.stringify(allowed)} }, subscribe: { allow: ["_INBOX.>"] } } }
    ] }`,
  });
  await seedNats(server.url, { kv: { config: { k: "v" }, secrets: { k: "s" } } }, {
    user: "admin",
    pass: "admin",
  });
  const backend = backendFor(server, { NATS_USER: "reader", NATS_PASSWORD: "reader" });
  try {
    assert.equal(await read(backend, "kv:config/k"), "v");
    const error = await failure(backend, "kv:secrets/k");
    assert.equal(
      error.message,
      'failed to access KV store "secrets": permission denied (Permissions Violation for ' +
        'Publish to "$JS.API.STREAM.INFO.KV_secrets")',
    );
    assert.equal(error.fatal, true);
  } finally {
    await backend.close();
  }
});
