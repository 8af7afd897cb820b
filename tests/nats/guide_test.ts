/**
 * Every YAML example of the NATS integration guide, run through the CLI exactly as written (only
 * its `host:port`s point at local test servers) against servers seeded as the guide's setup
 * section seeds them.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { runGraft } from "../_helpers/graft_cli.ts";
import { GUIDE_EXAMPLES, type GuideWorld, startGuideWorld } from "./_guide.ts";
import { guideSeed } from "../_helpers/nats_seed.ts";

/** Runs `graft merge` on the rewritten example. */
async function merge(world: GuideWorld, file: string, env: Record<string, string> = {}) {
  const example = GUIDE_EXAMPLES.find((e) => e.file === file)!;
  const path = await world.prepare(example);
  return await runGraft(["merge", path], { env: { ...world.env, ...env } });
}

/** Asserts a successful run that printed exactly `stdout`. */
function assertOutput(run: { code: number; stdout: string; stderr: string }, stdout: string) {
  assert.deepEqual(run, { code: 0, stdout, stderr: "" });
}

Deno.test("the NATS guide's examples work as written", async (t) => {
  await using world = await startGuideWorld();
  const port = (role: keyof GuideWorld["servers"]) => world.servers[role].port;

  await t.step("config.yml: KV values and a YAML object from NATS_URL", async () => {
    assertOutput(
      await merge(world, "config.yml"),
      `application:
  database:
    host: db.example.com
    port: "5432"
  name: myapp
  settings:
    log_level: info
    max_upload_mb: 10

`,
    );
  });

  await t.step("connection.yml: a URL argument and a multi-line TLS config map", async () => {
    assertOutput(
      await merge(world, "connection.yml"),
      "production:\n  api_key: sk-live-51f0c0ffee\nsecure:\n  data: top-secret-payload\n\n",
    );
  });

  await t.step("basic_auth.yml: user and password in the URL", async () => {
    assertOutput(
      await merge(world, "basic_auth.yml"),
      "authenticated:\n  value: for-authenticated-eyes\n\n",
    );
  });

  await t.step("token_auth.yml: a token in the URL, an object parsed as YAML", async () => {
    assertOutput(
      await merge(world, "token_auth.yml"),
      "token_auth:\n  config:\n    audit: true\n    retention_days: 90\n\n",
    );
  });

  await t.step("tls.yml: mutual TLS with the client certificate and key files", async () => {
    assertOutput(
      await merge(world, "tls.yml"),
      "tls_connection:\n  secrets:\n    api_token: t0k3n\n    db_password: hunter2\n\n",
    );
  });

  const base = (environment: string, database: string) =>
    `config:
  database:
${database}meta:
  environment: ${environment}
nats_config:
  development: nats://127.0.0.1:${port("plain")}
  production:
    tls: true
    url: nats://127.0.0.1:${port("tls")}
  staging: nats://127.0.0.1:${port("plain")}

`;
  await t.step("base.yml: ENVIRONMENT unset means development", async () => {
    assertOutput(
      await merge(world, "base.yml"),
      base(
        "development",
        "    host: localhost\n    name: app_development\n    pool: 5\n    port: 5432\n",
      ),
    );
  });

  await t.step("base.yml: ENVIRONMENT=staging reads the staging server", async () => {
    assertOutput(
      await merge(world, "base.yml", { ENVIRONMENT: "staging" }),
      base(
        "staging",
        "    host: db.staging.example.com\n    name: app_staging\n    pool: 5\n    port: 5432\n",
      ),
    );
  });

  await t.step("base.yml: ENVIRONMENT=production reads the TLS server from a map", async () => {
    assertOutput(
      await merge(world, "base.yml", { ENVIRONMENT: "production" }),
      base(
        "production",
        "    host: db.prod.example.com\n    name: app_production\n    pool: 20\n    port: 5432\n",
      ),
    );
  });

  await t.step("services.yml: key paths built from each entry's own name", async () => {
    assertOutput(
      await merge(world, "services.yml"),
      `services:
- config:
    rate_limit: 100
    upstream: http://10.0.0.10:9000
  name: api-gateway
  port: 8080
- config:
    issuer: https://auth.example.com
    token_ttl: 1h
  name: auth-service
  port: 8081

`,
    );
  });

  await t.step("tenants.yml: object names built from each entry's own id", async () => {
    assertOutput(
      await merge(world, "tenants.yml"),
      `tenants:
- config:
    plan: enterprise
    seats: 250
  id: acme-corp
- config:
    plan: startup
    seats: 12
  id: globex

`,
    );
  });

  await t.step("assets.yml: binary objects become base64 in a Kubernetes Secret", async () => {
    const objects = (await guideSeed()).obj.assets;
    const logo = Buffer.from(objects["images/logo.png"] as Uint8Array).toString("base64");
    const favicon = Buffer.from(objects["images/favicon.ico"] as Uint8Array).toString("base64");
    assertOutput(
      await merge(world, "assets.yml"),
      `web_assets:
  images:
    favicon: ${favicon}
    logo: ${logo}
  kubernetes_secret:
    apiVersion: v1
    data:
      favicon.ico: ${favicon}
      logo.png: ${logo}
    kind: Secret
    metadata:
      name: app-assets
    type: Opaque

`,
    );
  });

  await t.step("troubleshooting.yml: the connectivity test", async () => {
    assertOutput(await merge(world, "troubleshooting.yml"), "test: ok\n\n");
  });

  await t.step("from_file.yml: an object replaces a loaded file", async () => {
    assertOutput(
      await merge(world, "from_file.yml"),
      "config:\n  log_level: warn\n  replicas: 3\n\n",
    );
  });

  await t.step("from_env.yml: KV keys replace environment variables", async () => {
    assertOutput(
      await merge(world, "from_env.yml"),
      'database:\n  host: db.internal.example.com\n  port: "6432"\n\n',
    );
  });

  await t.step("from_vault.yml: a KV key replaces a Vault secret", async () => {
    assertOutput(
      await merge(world, "from_vault.yml"),
      "secrets:\n  api_key: sk-live-51f0c0ffee\n\n",
    );
  });

  await t.step("every example file is covered", () => {
    const files = [...Deno.readDirSync(new URL("../../examples/nats/", import.meta.url))]
      .map((entry) => entry.name)
      .filter((name) => name.endsWith(".yml"))
      .sort();
    assert.deepEqual(files, GUIDE_EXAMPLES.map((e) => e.file).sort());
  });
});
