/**
 * `graft merge` with `(( nats ... ))` against real nats-servers: exact output, as golden tests
 * check it (the servers' ports differ per run, so these cases cannot be golden folders).
 */

import assert from "node:assert/strict";
import { runGraft } from "../../tests/_helpers/graft_cli.ts";
import { seedNats, startNatsServer } from "../../tests/_helpers/nats_server.ts";

const PNG = Uint8Array.fromBase64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
);

interface Run {
  exit: number;
  stdout: string;
  stderr: string;
}

/** `graft merge [args] base.yml` in a fresh directory, with only `env` (and PATH, HOME). */
async function merge(
  yaml: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<Run> {
  const dir = await Deno.makeTempDir({ prefix: "graft-nats-cli-" });
  try {
    await Deno.writeTextFile(`${dir}/base.yml`, yaml);
    const run = await runGraft(["merge", ...args, "base.yml"], { cwd: dir, env });
    return { exit: run.code, stdout: run.stdout, stderr: run.stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const errors = (...lines: string[]) =>
  `${lines.length} error(s) detected:\n${
    lines.map((l) => ` - ${l.replace(/ \((\S+:\d+:\d+)\)$/, "\n     at $1")}\n`).join("")
  }\n\n`;

Deno.test("graft merge reads NATS KV and Object stores", async (t) => {
  await using server = await startNatsServer();
  await seedNats(server.url, {
    kv: {
      config: {
        database_host: "db.example.com",
        database_port: "5432",
        app_settings:
          "debug: false\nfeatures:\n  - auth\n  - api\nlimits:\n  max_connections: 1000\n",
        banner: "Welcome\nto the app\n",
      },
      services: {
        "api-gateway/config": "upstream: http://10.0.0.10:9000\nrate_limit: 100\n",
        "auth-service/config": "issuer: https://auth.example.com\ntoken_ttl: 1h\n",
      },
    },
    obj: {
      assets: {
        "config.yaml": "log_level: info\nmax_upload_mb: 10\n",
        "data.json": {
          data: '{"replicas": 3, "ratio": 0.5}',
          contentType: "application/json; charset=utf-8",
        },
        "notes.txt": { data: "plain text\n", contentType: "Text/Plain" },
        "template.tmpl": "Hello {{ name }}\n",
        "images/logo.png": { data: PNG, contentType: "image/png" },
        "favicon.png": PNG,
      },
    },
  });
  const env = { NATS_URL: server.url };

  await t.step("KV values and objects of every kind", async () => {
    const run = await merge(
      `application:
  database:
    host: (( nats "kv:config/database_host" ))
    port: (( nats "kv:config/database_port" ))
  settings: (( nats "kv:config/app_settings" ))
  banner: (( nats "kv:config/banner" ))
  gateway: (( nats "kv:services/api-gateway/config" ))
assets:
  yaml: (( nats "obj:assets/config.yaml" ))
  json: (( nats "obj:assets/data.json" ))
  text: (( nats "obj:assets/notes.txt" ))
  template: (( nats "obj:assets/template.tmpl" ))
  logo: (( nats "obj:assets/images/logo.png" ))
  favicon: (( nats:nocache "obj:assets/favicon.png" ))
`,
      env,
    );
    const png = PNG.toBase64();
    assert.deepEqual(run, {
      exit: 0,
      stderr: "",
      stdout: `application:
  banner: |
    Welcome
    to the app
  database:
    host: db.example.com
    port: "5432"
  gateway:
    rate_limit: 100
    upstream: http://10.0.0.10:9000
  settings:
    debug: false
    features:
    - auth
    - api
    limits:
      max_connections: 1000
assets:
  favicon: ${png}
  json:
    ratio: 0.5
    replicas: 3
  logo: ${png}
  template: |
    Hello {{ name }}
  text: |
    plain text
  yaml:
    log_level: info
    max_upload_mb: 10

`,
    });
  });

  await t.step("the guide's dynamic paths and multi-line configuration map", async () => {
    const run = await merge(
      `meta:
  environment: (( grab $ENVIRONMENT || "development" ))
nats_config:
  development: "${server.url}"
services:
  - name: api-gateway
    port: 8080
    config: (( nats (concat "kv:services/" name "/config") ))
  - name: auth-service
    port: 8081
    config: (( nats (concat "kv:services/" name "/config") ))
secure:
  data: (( nats "kv:config/database_host" {
    url: "${server.url}",
    timeout: "10s",
    retries: 5,
    tls: false
  } ))
config:
  database: (( nats 
    (concat "obj:assets/" "config.yaml")
    (grab (concat "nats_config." meta.environment)) ))
`,
      env,
    );
    assert.deepEqual(run, {
      exit: 0,
      stderr: "",
      stdout: `config:
  database:
    log_level: info
    max_upload_mb: 10
meta:
  environment: development
nats_config:
  development: ${server.url}
secure:
  data: db.example.com
services:
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
    });
  });

  await t.step("missing buckets, keys and objects, with and without ||", async () => {
    const template = `kv_key: (( nats "kv:config/nope" ))
kv_bucket: (( nats "kv:nope/key" ))
object: (( nats "obj:assets/nope.yaml" ))
obj_bucket: (( nats "obj:nope/config.yaml" ))
`;
    assert.deepEqual(await merge(template, env), {
      exit: 2,
      stdout: "",
      stderr: errors(
        '$.kv_bucket: failed to access KV store "nope": bucket not found (base.yml:2:12)',
        '$.kv_key: failed to get key "nope" from KV store "config": key not found (base.yml:1:9)',
        '$.obj_bucket: failed to access Object store "nope": bucket not found (base.yml:4:13)',
        '$.object: failed to get object "nope.yaml" from Object store "assets": object not found ' +
          "(base.yml:3:9)",
      ),
    });
    const fallbacks = template.replaceAll(" ))", ' || "default" ))')
      .replace('kv:config/nope" ||', 'kv:config/nope" || nats "kv:config/database_host" ||');
    assert.deepEqual(await merge(fallbacks, env), {
      exit: 0,
      stderr: "",
      stdout: `kv_bucket: default
kv_key: db.example.com
obj_bucket: default
object: default

`,
    });
  });

  await t.step("named targets, REDACT and --skip-nats", async () => {
    const template = `a: (( nats@prod_eu "kv:config/database_host" ))\n`;
    assert.deepEqual(await merge(template, { NATS_PROD_EU_URL: server.url }), {
      exit: 0,
      stderr: "",
      stdout: "a: db.example.com\n\n",
    });
    assert.deepEqual(await merge(template, { REDACT: "1" }), {
      exit: 0,
      stderr: "",
      stdout: "a: REDACTED\n\n",
    });
    assert.deepEqual(await merge(template, env, ["--skip-nats"]), {
      exit: 3,
      stderr: "",
      stdout: `a: (( nats@prod_eu "kv:config/database_host" ))\n\n`,
    });
  });
});

Deno.test("graft merge: a stopped server fails fast and clearly, || does not hide it", async () => {
  const server = await startNatsServer();
  await server.stop();
  const started = performance.now();
  const run = await merge(`a: (( nats "kv:config/database_host" || "default" ))\n`, {
    NATS_URL: server.url,
  });
  assert.deepEqual(run, {
    exit: 2,
    stdout: "",
    stderr: errors(
      `$.a: failed to connect to NATS at nats://127.0.0.1:${server.port}: connection refused ` +
        "(after 4 attempts) (base.yml:1:4)",
    ),
  });
  // Three quick retries (0.25 s, 0.5 s, 1 s), not graft's 7 s or nats.js's 20 s timeout.
  assert.ok(performance.now() - started < 4000, `took ${performance.now() - started} ms`);
});

Deno.test("graft merge: token and user/password authentication, secrets never printed", async (t) => {
  const password = "p@ss:w/rd%42";
  await using users = await startNatsServer({
    config: `authorization { users: [ { user: alice, password: ${JSON.stringify(password)} } ] }`,
  });
  await using tokens = await startNatsServer({ config: 'authorization { token: "s3cr3t-t0k3n" }' });
  await seedNats(users.url, { kv: { config: { k: "users" } } }, { user: "alice", pass: password });
  await seedNats(tokens.url, { kv: { config: { k: "token" } } }, { token: "s3cr3t-t0k3n" });
  const read = `a: (( nats "kv:config/k" ))\n`;
  const secrets = [password, encodeURIComponent(password), "s3cr3t-t0k3n", "wr0ng"];
  const check = (run: Run) => {
    for (const secret of secrets) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), secret);
    }
    return run;
  };

  await t.step("user and password, in the URL and in the environment", async () => {
    const url = `nats://alice:${encodeURIComponent(password)}@127.0.0.1:${users.port}`;
    const ok = { exit: 0, stderr: "", stdout: "a: users\n\n" };
    assert.deepEqual(check(await merge(`a: (( nats "kv:config/k" "${url}" ))\n`)), ok);
    const env = { NATS_URL: users.url, NATS_USER: "alice", NATS_PASSWORD: password };
    assert.deepEqual(check(await merge(read, env)), ok);
    const denied = errors(
      `$.a: failed to connect to NATS at nats://127.0.0.1:${users.port}: authorization ` +
        'violation: the server rejected the password of user "alice" (base.yml:1:4)',
    );
    const wrong = { ...env, NATS_PASSWORD: `${password}wr0ng` };
    assert.deepEqual(check(await merge(read, wrong)), { exit: 2, stdout: "", stderr: denied });
    const wrongUrl = url.replace("%25", "wr0ng");
    assert.deepEqual(
      check(await merge(`a: (( nats "kv:config/k" "${wrongUrl}" || "not on auth failures" ))\n`)),
      { exit: 2, stdout: "", stderr: denied },
    );
  });

  await t.step("token, in the URL and in the environment", async () => {
    const ok = { exit: 0, stderr: "", stdout: "a: token\n\n" };
    const url = `nats://s3cr3t-t0k3n@127.0.0.1:${tokens.port}`;
    assert.deepEqual(check(await merge(`a: (( nats "kv:config/k" "${url}" ))\n`)), ok);
    assert.deepEqual(
      check(await merge(read, { NATS_URL: tokens.url, NATS_TOKEN: "s3cr3t-t0k3n" })),
      ok,
    );
    assert.deepEqual(check(await merge(read, { NATS_URL: tokens.url, NATS_TOKEN: "wr0ng" })), {
      exit: 2,
      stdout: "",
      stderr: errors(
        `$.a: failed to connect to NATS at nats://127.0.0.1:${tokens.port}: authorization ` +
          "violation: the server rejected the token (base.yml:1:4)",
      ),
    });
  });
});
