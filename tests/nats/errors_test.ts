/**
 * How `(( nats ... ))` fails, through the CLI against real servers: missing buckets, keys and
 * objects (and their `||` fallbacks), malformed paths and configuration, a server without
 * JetStream, a stopped, unknown, hung or non-NATS server, a missing Deno permission; and the
 * `--skip-nats` and `REDACT` escapes. A password in a URL never appears in the output.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { Kvm } from "@nats-io/kv";
import { assertNoSecrets, type GraftRun, runGraft } from "../_helpers/graft_cli.ts";
import { seedGuide } from "../_helpers/nats_seed.ts";
import { startNatsServer } from "../_helpers/nats_server.ts";

/** The exact stderr of a run whose template `x: (( ... ))` failed with `message`. */
function oneError(file: string, message: string): string {
  return `1 error(s) detected:\n - $.x: ${message}\n     at ${file}:1:4\n\n\n`;
}

/** Asserts a failed run (exit 2, nothing on stdout) whose stderr says each of `parts`. */
function assertFails(run: GraftRun, parts: readonly string[]): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, "");
  for (const part of parts) assert.ok(run.stderr.includes(part), `"${part}" in:\n${run.stderr}`);
}

Deno.test("NATS failures are reported clearly", async (t) => {
  await using server = await startNatsServer();
  await seedGuide(server.url);
  const nc = await connect({ servers: server.url });
  try {
    const kv = await new Kvm(nc).create("lifecycle");
    await kv.put("deleted", "was here");
    await kv.delete("deleted");
    await kv.put("purged", "was here");
    await kv.purge("purged");
  } finally {
    await nc.close();
  }
  const dir = await Deno.makeTempDir({ prefix: "graft-nats-errors-" });
  let count = 0;
  /** Writes `x: EXPRESSION` to a new file and merges it; returns the run and the file. */
  const merge = async (
    expression: string,
    env: Record<string, string> = {},
    options: { flags?: string[]; permissions?: string[]; timeoutMs?: number } = {},
  ) => {
    const file = join(dir, `t${++count}.yml`);
    await Deno.writeTextFile(file, `x: ${expression}\n`);
    const run = await runGraft(["merge", ...options.flags ?? [], file], {
      env: { NATS_URL: server.url, ...env },
      permissions: options.permissions,
      timeoutMs: options.timeoutMs,
    });
    return { run, file };
  };
  const failsWith = async (expression: string, message: string) => {
    const { run, file } = await merge(expression);
    assert.deepEqual(run, { code: 2, stdout: "", stderr: oneError(file, message) });
  };

  try {
    await t.step("a missing KV bucket", async () => {
      await failsWith(
        '(( nats "kv:nope/key" ))',
        'failed to access KV store "nope": bucket not found',
      );
    });

    await t.step("a missing key, and deleted and purged keys", async () => {
      await failsWith(
        '(( nats "kv:config/nope" ))',
        'failed to get key "nope" from KV store "config": key not found',
      );
      for (const key of ["deleted", "purged"]) {
        await failsWith(
          `(( nats "kv:lifecycle/${key}" ))`,
          `failed to get key "${key}" from KV store "lifecycle": key not found`,
        );
      }
    });

    await t.step("a missing object store, and a missing object", async () => {
      await failsWith(
        '(( nats "obj:nope/logo.png" ))',
        'failed to access Object store "nope": bucket not found',
      );
      await failsWith(
        '(( nats "obj:assets/images/nope.png" ))',
        'failed to get object "images/nope.png" from Object store "assets": object not found',
      );
    });

    await t.step(
      "|| falls back from a missing bucket, key or object in one round trip",
      async () => {
        const received = async () =>
          (await (await fetch(`${server.monitorUrl}/varz`)).json()).in_msgs;
        const requests = async (expression: string, stdout: string) => {
          const before = await received();
          const { run } = await merge(expression);
          assert.deepEqual(run, { code: 0, stdout, stderr: "" });
          return (await received()) - before;
        };
        const found = await requests('(( nats "kv:config/test" || "default" ))', "x: ok\n\n");
        const missing = await requests(
          '(( nats "kv:config/nope" || "default" ))',
          "x: default\n\n",
        );
        assert.equal(missing, found, "a missing key is not retried");
        const noBucket = await requests('(( nats "kv:nope/x" || "default" ))', "x: default\n\n");
        assert.ok(noBucket <= found, `${noBucket} requests for a missing bucket`);
        await requests('(( nats "obj:assets/nope.png" || "default" ))', "x: default\n\n");
        await requests('(( nats "obj:nope/a.png" || "default" ))', "x: default\n\n");
      },
    );

    await t.step("malformed paths name what is wrong", async () => {
      for (
        const [path, part] of [
          ["kv:config", 'invalid KV path "kv:config"'],
          ["obj:assets", 'invalid Object path "obj:assets"'],
          ["vault:config/x", 'invalid store type "vault"'],
          ["config/x", 'invalid NATS path "config/x"'],
          ["kv:bad.bucket/x", '"bad.bucket"'],
          ["kv:config/a..b", 'invalid key "a..b"'],
        ]
      ) {
        assertFails((await merge(`(( nats "${path}" ))`)).run, [part]);
      }
    });

    await t.step("bad arguments and configuration maps name the key", async () => {
      assertFails((await merge("(( nats ))")).run, [
        "nats operator requires at least one argument",
      ]);
      assertFails((await merge("(( nats 42 ))")).run, ["first argument"]);
      assertFails(
        (await merge(`(( nats "kv:config/test" { url: "${server.url}", tiemout: "1s" } ))`)).run,
        ['unknown key "tiemout"'],
      );
      assertFails((await merge('(( nats "kv:config/test" { retries: "five" } ))')).run, [
        '"retries"',
      ]);
      assertFails((await merge('(( nats@prod "kv:config/test" ))')).run, ["NATS_PROD_URL"]);
    });

    await t.step("a server without JetStream", async () => {
      await using plain = await startNatsServer({ jetstream: false });
      const { run, file } = await merge('(( nats "kv:config/test" ))', { NATS_URL: plain.url });
      assert.deepEqual(run, {
        code: 2,
        stdout: "",
        stderr: oneError(
          file,
          'failed to access KV store "config": JetStream is not enabled on the server',
        ),
      });
    });

    await t.step("a stopped server, retried, and no password in the output", async () => {
      const stopped = await startNatsServer();
      await stopped.stop();
      const url = `nats://alice:hunter2-pw@127.0.0.1:${stopped.port}`;
      const env = { NATS_URL: url, NATS_RETRIES: "2", NATS_RETRY_INTERVAL: "50ms" };
      const { run, file } = await merge('(( nats "kv:config/test" ))', env);
      assert.deepEqual(run, {
        code: 2,
        stdout: "",
        stderr: oneError(
          file,
          `failed to connect to NATS at nats://127.0.0.1:${stopped.port}: connection refused ` +
            "(after 3 attempts)",
        ),
      });
      assertNoSecrets(run, ["hunter2-pw", "alice:"]);
    });

    await t.step("the server stops between two runs of the same template", async () => {
      await using brief = await startNatsServer();
      await seedGuide(brief.url);
      const env = { NATS_URL: brief.url, NATS_RETRIES: "0" };
      assert.equal((await merge('(( nats "kv:config/test" ))', env)).run.stdout, "x: ok\n\n");
      await brief.stop();
      assertFails((await merge('(( nats "kv:config/test" ))', env)).run, [
        `failed to connect to NATS at ${brief.url}: connection refused`,
      ]);
    });

    await t.step("an unknown host, without its password", async () => {
      const env = { NATS_URL: "nats://alice:hunter2-pw@no-such-host.invalid:4222" };
      const { run } = await merge('(( nats "kv:config/test" ))', env);
      assertFails(run, [
        "failed to connect to NATS at nats://no-such-host.invalid:4222",
        "no-such-host.invalid",
      ]);
      assertNoSecrets(run, ["hunter2-pw"]);
    });

    await t.step("a port that is not NATS times out and the run ends promptly", async () => {
      const http = server.monitorUrl.replace("http://", "nats://");
      const started = performance.now();
      const { run } = await merge(
        '(( nats "kv:config/test" ))',
        { NATS_URL: http, NATS_TIMEOUT: "1s", NATS_RETRIES: "0" },
        { timeoutMs: 15_000 },
      );
      assertFails(run, [`failed to connect to NATS at ${http}`, "1s"]);
      assert.ok(performance.now() - started < 8_000, "the run ended within 8 s");
    });

    await t.step("a hung server times out the read and the run ends promptly", async () => {
      await using hung = await startNatsServer();
      await seedGuide(hung.url);
      await hung.signal("SIGSTOP");
      try {
        const started = performance.now();
        const { run } = await merge(
          '(( nats "kv:config/test" ))',
          { NATS_URL: hung.url, NATS_TIMEOUT: "1s", NATS_RETRIES: "0" },
          { timeoutMs: 15_000 },
        );
        assertFails(run, [hung.url]);
        assert.ok(performance.now() - started < 8_000, "the run ended within 8 s");
      } finally {
        await hung.signal("SIGCONT");
      }
    });

    await t.step("a missing --allow-net names the host to allow", async () => {
      const { run } = await merge('(( nats "kv:config/test" ))', {}, {
        permissions: ["--allow-read", "--allow-env", "--allow-net=127.0.0.1:1"],
      });
      assertFails(run, [`--allow-net=127.0.0.1:${server.port}`]);
    });

    await t.step("--skip-nats leaves the expression and exits 3", async () => {
      const { run } = await merge('(( nats "kv:config/test" || "default" ))', {
        NATS_URL: "nats://127.0.0.1:1",
      }, { flags: ["--skip-nats"] });
      assert.deepEqual(run, {
        code: 3,
        stdout: 'x: (( nats "kv:config/test" || "default" ))\n\n',
        stderr: "",
      });
    });

    await t.step("REDACT answers REDACTED without contacting a server", async () => {
      const { run } = await merge('(( nats "kv:config/test" ))', {
        REDACT: "1",
        NATS_URL: "nats://127.0.0.1:1",
      });
      assert.deepEqual(run, { code: 0, stdout: "x: REDACTED\n\n", stderr: "" });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
