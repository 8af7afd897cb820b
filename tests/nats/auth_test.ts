/**
 * NATS authentication through the CLI against real servers: user/password (URL, environment and
 * configuration-map forms), token, nkey seed file, JWT `.creds` file, mutual TLS, named targets and
 * per-user permissions; and every way these fail, with no secret ever printed.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { credsAuthenticator } from "@nats-io/nats-core";
import { assertNoSecrets, type GraftRun, runGraft } from "../_helpers/graft_cli.ts";
import { seedGuide } from "../_helpers/nats_seed.ts";
import { type NatsServer, startNatsServer } from "../_helpers/nats_server.ts";
import {
  createNkeyUser,
  createOperatorSetup,
  createTlsMaterial,
  readerPermissions,
  tlsConfig,
  tokenConfig,
  usersConfig,
} from "../_helpers/nats_auth.ts";

const ALICE = { user: "alice", password: "s3cret-alice-pw" };
/** A password with every character a URL must escape. */
const BOB = { user: "bob", password: "p@ss:w/rd%" };
const READER = { user: "reader", password: "r3ader-pw-xyz" };
const TOKEN = "t0ken-s3cret-value";

/** Reads a KV key and a YAML object; what a successful run prints. */
const READ = `host: (( nats "kv:config/database_host" ))
settings: (( nats "obj:assets/config.yaml" ))
`;
const READ_OUTPUT = "host: db.example.com\nsettings:\n  log_level: info\n  max_upload_mb: 10\n\n";

/** Fast failure settings: one attempt, a short connect timeout. */
const FAST = { NATS_RETRIES: "0", NATS_TIMEOUT: "1s" };

function assertOk(run: GraftRun, stdout = READ_OUTPUT): void {
  assert.deepEqual(run, { code: 0, stdout, stderr: "" });
}

/** Asserts a failed run (exit 2, nothing on stdout) whose stderr says each of `parts`. */
function assertFails(run: GraftRun, parts: readonly string[], secrets: readonly string[]): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, "");
  for (const part of parts) assert.ok(run.stderr.includes(part), `"${part}" in:\n${run.stderr}`);
  assertNoSecrets(run, secrets);
}

Deno.test("NATS authentication and authorization", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "graft-nats-auth-" });
  const [nkey, stranger, operator, tls] = await Promise.all([
    createNkeyUser(dir),
    createNkeyUser(dir, "stranger"),
    createOperatorSetup(dir),
    createTlsMaterial(dir),
  ]);
  const clientCert = {
    caFile: tls.caFile,
    certFile: tls.clientCertFile,
    keyFile: tls.clientKeyFile,
  };
  const started: NatsServer[] = [];
  const start = async (config: string, seedWith: Parameters<typeof seedGuide>[1]) => {
    const server = await startNatsServer({ config });
    started.push(server);
    await seedGuide(server.url, seedWith);
    return server;
  };
  try {
    const [users, token, jwt, mtls] = await Promise.all([
      start(
        usersConfig([
          ALICE,
          BOB,
          { nkey: nkey.publicKey },
          { ...READER, permissions: readerPermissions(["config"], ["assets"]) },
        ]),
        { user: ALICE.user, pass: ALICE.password },
      ),
      start(tokenConfig(TOKEN), { token: TOKEN }),
      start(operator.config, {
        authenticator: credsAuthenticator(await Deno.readFile(operator.credsFile)),
      }),
      start(tlsConfig(tls, { verify: true }), { tls: clientCert }),
    ]);
    const at = (server: NatsServer, userinfo = "") => `nats://${userinfo}127.0.0.1:${server.port}`;
    let count = 0;
    /** Writes a template and merges it with these environment variables. */
    const merge = async (template: string, env: Record<string, string> = {}) => {
      const file = join(dir, `t${++count}.yml`);
      await Deno.writeTextFile(file, template);
      return await runGraft(["merge", file], { env });
    };
    const urlTemplate = (url: string) => `host: (( nats "kv:config/database_host" "${url}" ))\n`;
    const hostOnly = "host: db.example.com\n\n";

    await t.step("user and password in the URL", async () => {
      const url = at(users, `${ALICE.user}:${ALICE.password}@`);
      assertOk(await merge(urlTemplate(url)), hostOnly);
    });

    await t.step("a percent-encoded password with special characters in the URL", async () => {
      const url = at(users, `${BOB.user}:${encodeURIComponent(BOB.password)}@`);
      assertOk(await merge(urlTemplate(url)), hostOnly);
    });

    await t.step("NATS_USER and NATS_PASSWORD", async () => {
      const env = { NATS_URL: at(users), NATS_USER: BOB.user, NATS_PASSWORD: BOB.password };
      assertOk(await merge(READ, env));
    });

    await t.step("user and password in a configuration map", async () => {
      const template = `host: (( nats "kv:config/database_host" {
  url: "${at(users)}",
  user: "${ALICE.user}",
  password: "${ALICE.password}"
} ))
`;
      assertOk(await merge(template), hostOnly);
    });

    await t.step("a token in the URL, in NATS_TOKEN and in a configuration map", async () => {
      assertOk(await merge(urlTemplate(at(token, `${TOKEN}@`))), hostOnly);
      assertOk(await merge(READ, { NATS_URL: at(token), NATS_TOKEN: TOKEN }));
      const template = `host: (( nats "kv:config/database_host" { url: "${
        at(token)
      }", token: "${TOKEN}" } ))\n`;
      assertOk(await merge(template), hostOnly);
    });

    await t.step(
      "an nkey seed file (with its trailing newline) in NATS_NKEY and a map",
      async () => {
        assertOk(await merge(READ, { NATS_URL: at(users), NATS_NKEY: nkey.seedFile }));
        const template = `host: (( nats "kv:config/database_host" {
  url: "${at(users)}", nkey_seed_file: "${nkey.seedFile}" } ))
`;
        assertOk(await merge(template), hostOnly);
      },
    );

    await t.step("a JWT .creds file in NATS_CREDS and a map, also with CRLF lines", async () => {
      assertOk(await merge(READ, { NATS_URL: at(jwt), NATS_CREDS: operator.credsFile }));
      const crlf = join(dir, "crlf.creds");
      const text = await Deno.readTextFile(operator.credsFile);
      await Deno.writeTextFile(crlf, text.replaceAll("\n", "\r\n"));
      const template = `host: (( nats "kv:config/database_host" { url: "${
        at(jwt)
      }", creds_file: "${crlf}" } ))\n`;
      assertOk(await merge(template), hostOnly);
    });

    const mtlsEnv = {
      NATS_URL: at(mtls),
      NATS_TLS: "true",
      NATS_CA_FILE: tls.caFile,
      NATS_CERT_FILE: tls.clientCertFile,
      NATS_KEY_FILE: tls.clientKeyFile,
    };
    await t.step("mutual TLS from the environment, and with a tls:// URL", async () => {
      assertOk(await merge(READ, mtlsEnv));
      const { NATS_TLS: _, ...withoutFlag } = mtlsEnv;
      assertOk(await merge(READ, { ...withoutFlag, NATS_URL: `tls://127.0.0.1:${mtls.port}` }));
    });

    await t.step("mutual TLS from a configuration map", async () => {
      const template = `host: (( nats "kv:config/database_host" {
  url: "${at(mtls)}",
  tls: true,
  ca_file: "${tls.caFile}",
  cert_file: "${tls.clientCertFile}",
  key_file: "${tls.clientKeyFile}"
} ))
`;
      assertOk(await merge(template), hostOnly);
    });

    await t.step("a named target nats@secure configured by NATS_SECURE_*", async () => {
      const template = 'host: (( nats@secure "kv:config/database_host" ))\n';
      const env = { NATS_SECURE_URL: at(token), NATS_SECURE_TOKEN: TOKEN, NATS_URL: at(users) };
      assertOk(await merge(template, env), hostOnly);
    });

    const readerEnv = {
      NATS_URL: at(users),
      NATS_USER: READER.user,
      NATS_PASSWORD: READER.password,
    };
    await t.step("a user allowed to read config and assets reads them", async () => {
      assertOk(await merge(READ, readerEnv));
    });

    await t.step("the same user is denied the secrets bucket (NATS-NOTES §9)", async () => {
      const run = await merge('key: (( nats "kv:secrets/api_key" ))\n', readerEnv);
      assertFails(run, ["$.key:", "permission denied", "KV_secrets"], [READER.password]);
      assert.ok(!run.stderr.includes("sk-live"), run.stderr);
    });

    await t.step("a JWT user denied the JetStream API", async () => {
      const run = await merge(READ, { NATS_URL: at(jwt), NATS_CREDS: operator.deniedCredsFile });
      assertFails(run, ["permission denied"], []);
    });

    await t.step("a wrong password, in the URL and in NATS_PASSWORD", async () => {
      const wrong = "wr0ng-pass-123";
      const inUrl = await merge(urlTemplate(at(users, `${ALICE.user}:${wrong}@`)), FAST);
      assertFails(inUrl, [`failed to connect to NATS at ${at(users)}`, "authorization"], [wrong]);
      const inEnv = await merge(READ, {
        ...FAST,
        NATS_URL: at(users),
        NATS_USER: ALICE.user,
        NATS_PASSWORD: wrong,
      });
      assertFails(inEnv, [`failed to connect to NATS at ${at(users)}`, "authorization"], [wrong]);
    });

    await t.step("no credentials at all", async () => {
      const run = await merge(READ, { ...FAST, NATS_URL: at(users) });
      assertFails(run, [`failed to connect to NATS at ${at(users)}`, "authorization"], []);
    });

    await t.step("a wrong token, in the URL and in NATS_TOKEN", async () => {
      const wrong = "n0t-the-t0ken";
      assertFails(
        await merge(urlTemplate(at(token, `${wrong}@`)), FAST),
        [`failed to connect to NATS at ${at(token)}`, "authorization"],
        [wrong, TOKEN],
      );
      assertFails(
        await merge(READ, { ...FAST, NATS_URL: at(token), NATS_TOKEN: wrong }),
        [`failed to connect to NATS at ${at(token)}`, "authorization"],
        [wrong, TOKEN],
      );
    });

    await t.step("an auth failure is not hidden by a || fallback", async () => {
      const url = at(users, `${ALICE.user}:wr0ng-pass-123@`);
      const template = `host: (( nats "kv:config/database_host" "${url}" || "fallback" ))\n`;
      assertFails(await merge(template, FAST), ["authorization"], ["wr0ng-pass-123"]);
    });

    await t.step("an nkey the server does not know, and a file that holds no seed", async () => {
      assertFails(
        await merge(READ, { ...FAST, NATS_URL: at(users), NATS_NKEY: stranger.seedFile }),
        ["authorization", stranger.seedFile],
        [(await Deno.readTextFile(stranger.seedFile)).trim()],
      );
      const garbage = join(dir, "garbage.nk");
      await Deno.writeTextFile(garbage, "SUNOTASEED\n");
      assertFails(
        await merge(READ, { ...FAST, NATS_URL: at(users), NATS_NKEY: garbage }),
        [garbage],
        ["SUNOTASEED"],
      );
    });

    await t.step("expired, unknown-account and unparseable .creds files", async () => {
      const seedOf = async (file: string) =>
        /-----BEGIN USER NKEY SEED-----\s+(\S+)/.exec(await Deno.readTextFile(file))![1];
      for (const file of [operator.expiredCredsFile, operator.unknownAccountCredsFile]) {
        assertFails(
          await merge(READ, { ...FAST, NATS_URL: at(jwt), NATS_CREDS: file }),
          [`failed to connect to NATS at ${at(jwt)}`, "authorization"],
          [await seedOf(file)],
        );
      }
      const garbage = join(dir, "garbage.creds");
      await Deno.writeTextFile(garbage, "not a creds file\n");
      assertFails(
        await merge(READ, { ...FAST, NATS_URL: at(jwt), NATS_CREDS: garbage }),
        [garbage],
        [],
      );
    });

    await t.step("mutual TLS without a client certificate, or with a foreign one", async () => {
      const { NATS_CERT_FILE: _c, NATS_KEY_FILE: _k, ...noCert } = mtlsEnv;
      assertFails(
        await merge(READ, { ...noCert, ...FAST }),
        [`failed to connect to NATS at ${at(mtls)}`],
        [],
      );
      const foreign = {
        ...mtlsEnv,
        ...FAST,
        NATS_CERT_FILE: tls.otherClientCertFile,
        NATS_KEY_FILE: tls.otherClientKeyFile,
      };
      assertFails(await merge(READ, foreign), [`failed to connect to NATS at ${at(mtls)}`], []);
    });

    await t.step("TLS with a CA that did not sign the server's certificate", async () => {
      const run = await merge(READ, { ...mtlsEnv, ...FAST, NATS_CA_FILE: tls.otherCaFile });
      assertFails(run, [`failed to connect to NATS at ${at(mtls)}`, "TLS"], []);
    });
  } finally {
    await Promise.all(started.map((server) => server.stop()));
    await Deno.remove(dir, { recursive: true });
  }
});
