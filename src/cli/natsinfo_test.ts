import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { GraftErrors } from "../core/mod.ts";
import { formatNatsReads, listNatsReads, type NatsRead } from "./natsinfo.ts";
import { loadInputs } from "./pipeline.ts";

/** The reads of one template, with these environment variables. */
async function reads(text: string, env: Record<string, string> = {}): Promise<NatsRead[]> {
  const lookup = (name: string) => env[name];
  return listNatsReads(await loadInputs([{ name: "t.yml", text }], false, lookup), lookup);
}

const DEFAULT = "nats://127.0.0.1:4222";

Deno.test("listNatsReads() lists each store path with its server and references, sorted", async () => {
  const template = `
app:
  settings: (( nats "obj:assets/config.yaml" ))
  host: (( nats "kv:config/database_host" ))
  again: (( nats "KV:config/database_host" ))
  port: (( nats "kv:config/database_port" || 5432 ))
`;
  assert.deepEqual(await reads(template), [
    { path: "kv:config/database_host", server: DEFAULT, references: ["app.again", "app.host"] },
    { path: "kv:config/database_port", server: DEFAULT, references: ["app.port"] },
    { path: "obj:assets/config.yaml", server: DEFAULT, references: ["app.settings"] },
  ]);
});

Deno.test("listNatsReads() evaluates paths built from the document, with relative names", async () => {
  const template = `
meta:
  environment: (( grab $ENVIRONMENT || "development" ))
services:
- name: api-gateway
  config: (( nats (concat "kv:services/" name "/config") ))
- name: auth-service
  config: (( nats (concat "kv:services/" name "/config") ))
config:
  database: (( nats (concat "obj:configs/" meta.environment "/database.yaml") ))
`;
  assert.deepEqual((await reads(template, { ENVIRONMENT: "staging" })).map((r) => r.path), [
    "kv:services/api-gateway/config",
    "kv:services/auth-service/config",
    "obj:configs/staging/database.yaml",
  ]);
  assert.deepEqual((await reads(template)).map((r) => r.references), [
    ["services.api-gateway.config"],
    ["services.auth-service.config"],
    ["config.database"],
  ]);
});

Deno.test("listNatsReads() names the server without its credentials", async () => {
  const template = `
url: (( nats "kv:a/b" "nats://alice:s3cret@nats-1:4222,nats-2" ))
token: (( nats "kv:a/b" "nats://t0ken@nats-1:4222" ))
map: (( nats "kv:a/b" { url: "tls://nats-3:4333", password: "pw", user: "u" } ))
env: (( nats "kv:a/b" ))
target: (( nats@prod "kv:a/b" ))
`;
  const env = {
    NATS_URL: "nats://u:envpw@nats-env:4222",
    NATS_PROD_URL: "nats://p:prodpw@prod:4222",
  };
  const found = await reads(template, env);
  assert.deepEqual(found.map((r) => [r.server, r.references]), [
    ["nats://nats-1:4222", ["token"]],
    ["nats://nats-1:4222,nats://nats-2:4222", ["url"]],
    ["nats://nats-env:4222", ["env"]],
    ["nats://prod:4222", ["target"]],
    ["tls://nats-3:4333", ["map"]],
  ]);
  const text = formatNatsReads(found, false) + formatNatsReads(found, true);
  for (const secret of ["s3cret", "t0ken", "pw", "envpw", "prodpw"]) {
    assert.ok(!text.includes(secret), `${secret} in:\n${text}`);
  }
});

Deno.test("listNatsReads() shows a value read from NATS inside another path as <PATH>", async () => {
  const template = `
name: (( nats "kv:config/key_name" ))
value: (( nats (concat "kv:config/" name) ))
`;
  assert.deepEqual((await reads(template)).map((r) => r.path), [
    "kv:config/<kv:config/key_name>",
    "kv:config/key_name",
  ]);
});

Deno.test("listNatsReads() fails as a merge would on a malformed path or configuration", async () => {
  await assert.rejects(reads('x: (( nats "kv:config" ))\n'), (error) => {
    assert.ok(error instanceof GraftErrors);
    assert.match(error.message, /\$\.x: invalid KV path "kv:config"/);
    return true;
  });
  await assert.rejects(
    reads('x: (( nats "kv:a/b" { tiemout: "1s" } ))\n'),
    /unknown key "tiemout"/,
  );
  assert.deepEqual(await reads('x: (( nats "kv:config" || "fallback" ))\n'), []);
});

Deno.test("listNatsReads() leaves Vault calls alone", async () => {
  const template = `
password: (( vault "secret/db:password" ))
host: (( nats "kv:config/database_host" ))
`;
  assert.deepEqual((await reads(template)).map((r) => r.path), ["kv:config/database_host"]);
});

Deno.test("formatNatsReads() prints YAML with a blank line after it, or JSON", () => {
  const found = [{ path: "kv:a/b", server: DEFAULT, references: ["x", "y.z"] }];
  assert.equal(
    formatNatsReads(found, false),
    `reads:\n- path: kv:a/b\n  server: ${DEFAULT}\n  references:\n  - x\n  - y.z\n\n`,
  );
  assert.deepEqual(JSON.parse(formatNatsReads(found, true)), { reads: found });
  assert.equal(formatNatsReads([], false), "reads: []\n\n");
});

Deno.test("graft natsinfo lists reads without connecting to the server", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/t.yml`;
    await Deno.writeTextFile(file, 'host: (( nats "kv:config/database_host" ))\n');
    const cli = fileURLToPath(new URL("../../cli.ts", import.meta.url));
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", "--quiet", cli, "natsinfo", "--json", file],
      env: { NATS_URL: "nats://127.0.0.1:1" },
    }).output();
    const text = new TextDecoder();
    assert.equal(text.decode(stderr), "");
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(text.decode(stdout)), {
      reads: [{
        path: "kv:config/database_host",
        server: "nats://127.0.0.1:1",
        references: ["host"],
      }],
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
