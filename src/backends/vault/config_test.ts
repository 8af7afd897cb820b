import assert from "node:assert/strict";
import { join } from "node:path";
import { GraftError } from "../../core/mod.ts";
import { readVaultConfig } from "./config.ts";

/** A temporary home directory holding the given files. */
async function home(files: Record<string, string> = {}): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "graft-vault-home-" });
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, name), text);
  return dir;
}

function environment(vars: Record<string, string>) {
  return (name: string) => vars[name];
}

Deno.test("readVaultConfig() reads VAULT_ADDR, VAULT_TOKEN and VAULT_NAMESPACE", async () => {
  const config = await readVaultConfig(
    environment({
      VAULT_ADDR: "https://vault.example.com:8200/",
      VAULT_TOKEN: "s.env",
      VAULT_NAMESPACE: "team",
      HOME: await home({ ".vault-token": "s.file\n" }),
    }),
    null,
  );
  assert.deepEqual(config, {
    address: "https://vault.example.com:8200",
    token: "s.env",
    namespace: "team",
    caCerts: [],
    skipVerify: false,
  });
});

Deno.test("readVaultConfig() falls back to ~/.vault-token, its line break trimmed", async () => {
  const config = await readVaultConfig(
    environment({
      VAULT_ADDR: "http://127.0.0.1:8200",
      HOME: await home({ ".vault-token": "s.file\n" }),
    }),
    null,
  );
  assert.equal(config.token, "s.file");
});

Deno.test("readVaultConfig() takes everything from ~/.svtoken when nothing is set", async () => {
  const svtoken =
    "vault: https://safe.example.com\ntoken: s.safe\nnamespace: ns1\nskip_verify: yes\n";
  const config = await readVaultConfig(
    environment({ HOME: await home({ ".svtoken": svtoken, ".vault-token": "s.file" }) }),
    null,
  );
  assert.equal(config.address, "https://safe.example.com");
  assert.equal(config.token, "s.safe");
  assert.equal(config.namespace, "ns1");
  assert.equal(config.skipVerify, true);
});

Deno.test("readVaultConfig() never lets ~/.svtoken replace a VAULT_ADDR that is set", async () => {
  const dir = await home({
    ".svtoken": "vault: https://safe.example.com\ntoken: s.safe\nnamespace: ns1\n",
    ".vault-token": "s.file",
  });
  const other = await readVaultConfig(
    environment({ VAULT_ADDR: "https://other.example.com", HOME: dir }),
    null,
  );
  assert.equal(other.address, "https://other.example.com");
  assert.equal(other.token, "s.file"); // the .svtoken token belongs to another Vault
  assert.equal(other.namespace, undefined);
  const same = await readVaultConfig(
    environment({ VAULT_ADDR: "https://safe.example.com/", HOME: dir }),
    null,
  );
  assert.equal(same.token, "s.safe");
  assert.equal(same.namespace, "ns1");
});

Deno.test("readVaultConfig() keeps VAULT_TOKEN over ~/.svtoken's token", async () => {
  const config = await readVaultConfig(
    environment({
      VAULT_TOKEN: "s.env",
      HOME: await home({ ".svtoken": "vault: https://safe.example.com\ntoken: s.safe\n" }),
    }),
    null,
  );
  assert.equal(config.address, "https://safe.example.com");
  assert.equal(config.token, "s.env");
});

Deno.test("readVaultConfig() ignores a malformed ~/.svtoken", async () => {
  const config = await readVaultConfig(
    environment({
      VAULT_ADDR: "http://127.0.0.1:8200",
      HOME: await home({ ".svtoken": "{{{{", ".vault-token": "s.file" }),
    }),
    null,
  );
  assert.equal(config.token, "s.file");
});

Deno.test("readVaultConfig() reads VAULT_SKIP_VERIFY as spruce does", async () => {
  const HOME = await home();
  for (
    const [value, expected] of [
      ["1", true],
      ["true", true],
      ["yes", true],
      ["anything", true],
      [
        "",
        false,
      ],
      ["0", false],
      ["no", false],
      ["FALSE", false],
      ["off", false],
    ] as const
  ) {
    for (const target of [null, "prod"]) {
      const config = await readVaultConfig(
        environment({
          VAULT_ADDR: "http://a",
          VAULT_TOKEN: "t",
          VAULT_SKIP_VERIFY: value,
          VAULT_PROD_ADDR: "http://b",
          VAULT_PROD_TOKEN: "t",
          VAULT_PROD_SKIP_VERIFY: value,
          HOME,
        }),
        target,
      );
      assert.equal(config.skipVerify, expected, `${target} ${value}`);
    }
  }
});

Deno.test("readVaultConfig() reads a named target from VAULT_<TARGET>_* only", async () => {
  const env = environment({
    VAULT_ADDR: "http://default",
    VAULT_TOKEN: "s.default",
    "VAULT_PROD_EU_ADDR": "https://prod.example.com",
    "VAULT_PROD_EU_TOKEN": "s.prod",
    "VAULT_PROD_EU_NAMESPACE": "eu",
    HOME: await home({ ".vault-token": "s.file" }),
  });
  const config = await readVaultConfig(env, "prod-eu");
  assert.equal(config.address, "https://prod.example.com");
  assert.equal(config.token, "s.prod");
  assert.equal(config.namespace, "eu");
  await assert.rejects(readVaultConfig(env, "staging"), {
    name: "GraftError",
    message: "vault target 'staging' is not configured (expected VAULT_STAGING_ADDR and " +
      "VAULT_STAGING_TOKEN environment variables)",
  });
});

Deno.test("readVaultConfig() fails, fatally, when no address or token is found", async () => {
  const error = await readVaultConfig(
    environment({ VAULT_ADDR: "http://127.0.0.1:8200", HOME: await home() }),
    null,
  ).catch((e) => e);
  assert.ok(error instanceof GraftError && error.fatal);
  assert.equal(
    error.message,
    "Error during Vault client initialization: Failed to determine Vault URL / token, and the " +
      "$REDACT environment variable is not set.",
  );
});

Deno.test("readVaultConfig() wants an http(s) address, and prints it without a password", async () => {
  const HOME = await home();
  await assert.rejects(
    readVaultConfig(
      environment({ VAULT_ADDR: "vault.example.com:8200", VAULT_TOKEN: "t", HOME }),
      null,
    ),
    {
      message:
        "VAULT_ADDR must be an http:// or https:// URL, such as https://vault.example.com:8200",
    },
  );
  const config = await readVaultConfig(
    environment({ VAULT_ADDR: "https://user:secret@vault.example.com/", VAULT_TOKEN: "t", HOME }),
    null,
  );
  assert.equal(config.address, "https://vault.example.com");
});

Deno.test("readVaultConfig() reads VAULT_CACERT, VAULT_CAPATH and the client certificate", async () => {
  const dir = await home({ "ca.pem": "CA", "key.pem": "KEY", "cert.pem": "CERT" });
  await Deno.mkdir(join(dir, "cas"));
  await Deno.writeTextFile(join(dir, "cas", "b.pem"), "B");
  await Deno.writeTextFile(join(dir, "cas", "a.pem"), "A");
  const config = await readVaultConfig(
    environment({
      VAULT_ADDR: "https://vault",
      VAULT_TOKEN: "t",
      VAULT_CACERT: join(dir, "ca.pem"),
      VAULT_CAPATH: join(dir, "cas"),
      VAULT_CLIENT_CERT: join(dir, "cert.pem"),
      VAULT_CLIENT_KEY: join(dir, "key.pem"),
      HOME: dir,
    }),
    null,
  );
  assert.deepEqual(config.caCerts, ["CA", "A", "B"]);
  assert.deepEqual(config.clientCert, { cert: "CERT", key: "KEY" });
  await assert.rejects(
    readVaultConfig(
      environment({
        VAULT_ADDR: "https://vault",
        VAULT_TOKEN: "t",
        VAULT_CACERT: join(dir, "missing.pem"),
        HOME: dir,
      }),
      null,
    ),
    { message: `cannot read VAULT_CACERT file ${join(dir, "missing.pem")}: no such file` },
  );
});

Deno.test("readVaultConfig() trims the token, and refuses one no header can carry", async () => {
  const HOME = await home();
  const config = await readVaultConfig(
    environment({ VAULT_ADDR: "http://a", VAULT_TOKEN: " s.token\n", HOME }),
    null,
  );
  assert.equal(config.token, "s.token");
  const error = await readVaultConfig(
    environment({ VAULT_ADDR: "http://a", VAULT_TOKEN: "s.sec\nret", HOME }),
    null,
  ).catch((e) => e);
  assert.equal(
    error.message,
    "the Vault token has characters no token has (spaces or control characters)",
  );
});
