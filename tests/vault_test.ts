/**
 * `vault`, `vault-try`, `--skip-vault` and `vaultinfo` end to end: each case runs the CLI against
 * local Vaults (tests/_helpers/vault_server.ts) and compares its exact output, golden-style. In
 * expected texts and variables, `{{VAULT}}`, `{{PROD}}`, `{{SEALED}}`, `{{CLOSED}}` stand for
 * the servers' addresses and `{{HOME}}` for the run's home directory.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runGraft } from "./_helpers/graft_cli.ts";
import { startVaultServer, type VaultServer } from "./_helpers/vault_server.ts";

/** The module cache, kept when each run gets a home directory of its own. */
const TOKEN = "s.vault-test-token";
const PROD_TOKEN = "s.prod-test-token";

/** Every value stored in the test Vaults: none may ever show in an error. */
const SECRET_VALUES = ["db-pw", "admin", "prod-key", "staging-key", "kv2-pw", "from-prod"];

/** One run of the CLI and what it must print. */
interface Case {
  readonly name: string;
  /** Input files, by name. */
  readonly files: Readonly<Record<string, string>>;
  /** The arguments, separated by spaces. */
  readonly args: string;
  /** Environment variables besides PATH and HOME; default: the main Vault and its token. */
  readonly env?: Readonly<Record<string, string>>;
  /** Files in the home directory. */
  readonly home?: Readonly<Record<string, string>>;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exit?: number;
  /** Vault paths read, in any order (counts matter): checks caching and skipping. */
  readonly reads?: readonly string[];
}

const VAULT_ENV = { VAULT_ADDR: "{{VAULT}}", VAULT_TOKEN: TOKEN };

const CASES: Case[] = [
  {
    name: "vault reads KV v1 and v2 secrets from literal, concatenated and computed paths",
    files: {
      "base.yml": `meta:
  env: prod
  path: secret/db
literal: (( vault "secret/db:password" ))
concat: (( vault "secret/" meta.env "/api:key" ))
reference: (( vault meta.path ":user" ))
nested: (( vault (concat "secret/" meta.env) "/api:key" ))
slash: (( vault "/secret/db:password" ))
kv2: (( vault "kv/app/db:password" ))
kv2data: (( vault "kv/data/app/db:password" ))
env: (( vault $SECRET_PATH ))
jobs:
- name: web
  password: (( vault "secret/db:password" ))
`,
    },
    args: "merge base.yml",
    env: { ...VAULT_ENV, SECRET_PATH: "secret/staging/api:key" },
    stdout: `concat: prod-key
env: staging-key
jobs:
- name: web
  password: db-pw
kv2: kv2-pw
kv2data: kv2-pw
literal: db-pw
meta:
  env: prod
  path: secret/db
nested: prod-key
reference: admin
slash: db-pw

`,
    // One read per secret path as written: kv/app/db and kv/data/app/db are two.
    reads: [
      "secret/db",
      "secret/prod/api",
      "secret/staging/api",
      "kv/data/app/db",
      "kv/data/app/db",
    ],
  },
  {
    name: "vault tries ;-separated alternatives in order",
    files: {
      "base.yml": `meta:
  env: prod
first: (( vault "secret/missing:key; secret/prod/api:key" ))
spaced: (( vault "  secret/prod/api:nokey ;secret/staging/api:key  " ))
built: (( vault "secret/" meta.env "/api:nokey; secret/" meta.env "/api:key" ))
`,
    },
    args: "merge base.yml",
    stdout: `built: prod-key
first: prod-key
meta:
  env: prod
spaced: staging-key

`,
  },
  {
    name: "vault reports the last alternative when none is found",
    files: { "base.yml": `none: (( vault "secret/a:k; secret/b:k" ))\n` },
    args: "merge base.yml",
    stderr: `1 error(s) detected:
 - $.none: secret secret/b:k not found
     at base.yml:1:7


`,
    exit: 2,
  },
  {
    name: "vault uses its || default when the secret is not found or the path cannot be built",
    files: {
      "base.yml": `meta:
  fallback: from-meta
  path: secret/db:user
missing_secret: (( vault "secret/nothing:key" || "default" ))
missing_key: (( vault "secret/db:nokey" || meta.fallback ))
unresolvable: (( vault meta.nowhere ":key" || "built-failed" ))
nil_default: (( vault "secret/nothing:key" || nil ))
alternatives: (( vault "secret/a:k; secret/b:k" || "none-found" ))
found: (( vault "secret/db:password" || "unused" ))
deleted: (( vault "kv/deleted:x" || "deleted" ))
chained: (( vault meta.nowhere || meta.path || "chain-default" ))
`,
    },
    args: "merge base.yml",
    stdout: `alternatives: none-found
chained: admin
deleted: deleted
found: db-pw
meta:
  fallback: from-meta
  path: secret/db:user
missing_key: from-meta
missing_secret: default
nil_default: null
unresolvable: built-failed

`,
  },
  {
    name: "vault's default hides neither refused reads nor malformed secrets",
    files: {
      "base.yml": `denied: (( vault "secret/forbidden:key" || "default" ))
not_string: (( vault "secret/db:port" || "default" ))
invalid: (( vault "secret/db" || "default" ))
`,
    },
    args: "merge base.yml",
    stderr: `3 error(s) detected:
 - $.denied: failed to read secret/forbidden from Vault at {{VAULT}}: permission denied (HTTP 403)
     at base.yml:1:9
 - $.invalid: invalid argument secret/db; must be in the form path/to/secret:key
     at base.yml:3:10
 - $.not_string: secret secret/db:port is not a string
     at base.yml:2:13


`,
    exit: 2,
  },
  {
    name: "vault reports every malformed call and missing secret in spruce's words",
    files: {
      "base.yml": `meta:
  map: { a: 1 }
  list: [1]
  nothing: ~
no_args: (( vault ))
no_colon: (( vault "secret/db" ))
empty_key: (( vault "secret/db:" ))
empty_path: (( vault ":password" ))
missing_secret: (( vault "secret/nothing:key" ))
missing_key: (( vault "secret/db:nokey" ))
not_string: (( vault "secret/db:port" ))
map_arg: (( vault meta.map ":key" ))
list_arg: (( vault meta.list ))
nil_arg: (( vault meta.nothing ":key" ))
unresolvable: (( vault meta.nowhere ":key" ))
`,
    },
    args: "merge base.yml",
    stderr: `11 error(s) detected:
 - $.empty_key: invalid argument secret/db:; must be in the form path/to/secret:key
     at base.yml:7:12
 - $.empty_path: invalid argument :password; must be in the form path/to/secret:key
     at base.yml:8:13
 - $.list_arg: tried to look up $.meta.list, which is not a string scalar
     at base.yml:13:11
 - $.map_arg: tried to look up $.meta.map, which is not a string scalar
     at base.yml:12:10
 - $.missing_key: secret secret/db:nokey not found
     at base.yml:10:14
 - $.missing_secret: secret secret/nothing:key not found
     at base.yml:9:17
 - $.nil_arg: tried to look up $.meta.nothing, which is not a string scalar
     at base.yml:14:10
 - $.no_args: vault operator requires at least one argument
     at base.yml:5:10
 - $.no_colon: invalid argument secret/db; must be in the form path/to/secret:key
     at base.yml:6:11
 - $.not_string: secret secret/db:port is not a string
     at base.yml:11:13
 - $.unresolvable: Unable to resolve \`meta.nowhere\`: \`$.meta.nowhere\` could not be found in the datastructure
     at base.yml:15:15


`,
    exit: 2,
  },
  {
    name: "vault-try takes the first path that gives a string, else its default",
    files: {
      "base.yml": `meta:
  paths:
    missing: secret/missing:key
  nothing: ~
found: (( vault-try "secret/missing:key" "secret/prod/api:key" "default" ))
fallback: (( vault-try meta.paths.missing "secret/db:nokey" "default" ))
skips: (( vault-try meta.nowhere meta.nothing "no-colon" "a:b:c" "secret/db:port" "secret/db:password" "default" ))
reference_default: (( vault-try "secret/missing:key" meta.paths.missing ))
`,
    },
    args: "merge base.yml",
    stdout: `fallback: default
found: prod-key
meta:
  nothing: null
  paths:
    missing: secret/missing:key
reference_default: secret/missing:key
skips: db-pw

`,
  },
  {
    name: "vault-try reports refused reads instead of passing them over",
    files: {
      "base.yml": `one: (( vault-try "secret/db:password" ))
denied: (( vault-try "secret/forbidden:key" "default" ))
`,
    },
    args: "merge base.yml",
    stderr: `2 error(s) detected:
 - $.denied: failed to read secret/forbidden from Vault at {{VAULT}}: permission denied (HTTP 403)
     at base.yml:2:9
 - $.one: vault-try operator requires at least 2 arguments (one or more vault paths, followed by a default value)
     at base.yml:1:6


`,
    exit: 2,
  },
  {
    name: "vault@target reads another Vault, configured by VAULT_<TARGET>_*",
    files: {
      "base.yml": `prod: (( vault@prod "secret/api:key" ))
default: (( vault "secret/prod/api:key" ))
try: (( vault-try@prod "secret/missing:key" "secret/api:key" "default" ))
nocache: (( vault:nocache@prod "secret/api:key" ))
`,
    },
    args: "merge base.yml",
    env: { ...VAULT_ENV, VAULT_PROD_ADDR: "{{PROD}}", VAULT_PROD_TOKEN: PROD_TOKEN },
    stdout: `default: prod-key
nocache: from-prod
prod: from-prod
try: from-prod

`,
  },
  {
    name: "vault@target fails for a target that is not configured, default or not",
    files: { "base.yml": `unknown: (( vault@staging "secret/api:key" || "default" ))\n` },
    args: "merge base.yml",
    stderr: `1 error(s) detected:
 - $.unknown: vault target 'staging' is not configured (expected VAULT_STAGING_ADDR and VAULT_STAGING_TOKEN environment variables)
     at base.yml:1:10


`,
    exit: 2,
  },
  {
    name: "vault reads from VAULT_NAMESPACE",
    files: { "base.yml": `x: (( vault "secret/x:k" ))\n` },
    args: "merge base.yml",
    env: { ...VAULT_ENV, VAULT_NAMESPACE: "team-a" },
    stdout: "x: from-team-a\n\n",
  },
  {
    name: "vault takes the token from ~/.vault-token",
    files: { "base.yml": `x: (( vault "secret/db:password" ))\n` },
    args: "merge base.yml",
    env: { VAULT_ADDR: "{{VAULT}}" },
    home: { ".vault-token": `${TOKEN}\n` },
    stdout: "x: db-pw\n\n",
  },
  {
    name: "vault takes the address and token from ~/.svtoken",
    files: { "base.yml": `x: (( vault "secret/db:password" ))\n` },
    args: "merge base.yml",
    env: {},
    home: { ".svtoken": `vault: {{VAULT}}\ntoken: ${TOKEN}\n` },
    stdout: "x: db-pw\n\n",
  },
  {
    name: "vault fails when nothing says where Vault is",
    files: { "base.yml": `x: (( vault "secret/db:password" || "default" ))\n` },
    args: "merge base.yml",
    env: {},
    stderr: `1 error(s) detected:
 - $.x: Error during Vault client initialization: Failed to determine Vault URL / token, and the $REDACT environment variable is not set.
     at base.yml:1:4


`,
    exit: 2,
  },
  {
    name: "vault reports a wrong token, a sealed Vault and a Vault that is not there",
    files: {
      "base.yml": `wrong_token: (( vault "secret/db:password" ))
sealed: (( vault@sealed "secret/db:password" ))
closed: (( vault@closed "secret/db:password" ))
`,
    },
    args: "merge base.yml",
    env: {
      VAULT_ADDR: "{{VAULT}}",
      VAULT_TOKEN: "s.wrong-token",
      VAULT_SEALED_ADDR: "{{SEALED}}",
      VAULT_SEALED_TOKEN: TOKEN,
      VAULT_CLOSED_ADDR: "{{CLOSED}}",
      VAULT_CLOSED_TOKEN: TOKEN,
    },
    stderr: `3 error(s) detected:
 - $.closed: failed to read secret/db from Vault at {{CLOSED}}: cannot connect: tcp connect error: Connection refused (os error 111)
     at base.yml:3:9
 - $.sealed: failed to read secret/db from Vault at {{SEALED}}: Vault is sealed (HTTP 503)
     at base.yml:2:9
 - $.wrong_token: failed to read secret/db from Vault at {{VAULT}}: permission denied (HTTP 403)
     at base.yml:1:14


`,
    exit: 2,
  },
  {
    name: "REDACT answers REDACTED without contacting Vault",
    files: {
      "base.yml": `a: (( vault "secret/db:password" ))
b: (( vault "not-a-path" ))
c: (( vault-try "no-colon" "secret/db:password" "default" ))
d: (( vault@nowhere "secret/db:password" ))
`,
    },
    args: "merge --skip-vault base.yml",
    env: { REDACT: "1" },
    stdout: `a: REDACTED
b: REDACTED
c: REDACTED
d: REDACTED

`,
  },
  {
    name: "--skip-vault leaves vault calls as written and exits 3",
    files: {
      "base.yml": `meta:
  env: prod
a: (( vault "secret/" meta.env "/api:key" ))
b: (( vault:nocache@prod "secret/api:key" || "default" ))
c: (( vault-try "secret/missing:key" "default" ))
other: (( concat "plain-" meta.env ))
`,
    },
    args: "merge --skip-vault base.yml",
    stdout: `a: (( vault "secret/" meta.env "/api:key" ))
b: (( vault:nocache@prod "secret/api:key" || "default" ))
c: (( vault-try "secret/missing:key" "default" ))
meta:
  env: prod
other: plain-prod

`,
    exit: 3,
    reads: [],
  },
  {
    name: "fan --skip-vault defers in every result",
    files: {
      "source.yml": `password: (( vault "secret/db:password" ))\n`,
      "target.yml": "name: one\n---\nname: two\n",
    },
    args: "fan --skip-vault source.yml target.yml",
    stdout: `---
name: one
password: (( vault "secret/db:password" ))

---
name: two
password: (( vault "secret/db:password" ))

`,
    exit: 3,
    reads: [],
  },
  {
    name: "vaultinfo lists secrets and their users without contacting Vault",
    files: {
      "base.yml": `meta:
  root: (( vault "secret/paths:root" ))
db: (( vault meta.root "/db:password" ))
api: (( vault@prod "secret/api:key" ))
first: (( vault "secret/a:k; secret/b:k" || "default" ))
try: (( vault-try meta.nowhere "secret/try:key" "default" ))
again:
- name: web
  password: (( vault "secret/paths:root" ))
`,
    },
    args: "vaultinfo base.yml",
    stdout: `secrets:
- key: <secret/paths:root>/db:password
  references:
  - db
- key: prod@secret/api:key
  references:
  - api
- key: secret/a:k
  references:
  - first
- key: secret/paths:root
  references:
  - again.web.password
  - meta.root
- key: secret/try:key
  references:
  - try

`,
    reads: [],
  },
];

/** The local Vaults every case can use, and their addresses by placeholder. */
interface Vaults {
  readonly main: VaultServer;
  readonly all: readonly VaultServer[];
  readonly addresses: Readonly<Record<string, string>>;
}

function startVaults(): Vaults {
  const main = startVaultServer({
    token: TOKEN,
    mounts: {
      "secret/": {
        version: 1,
        secrets: {
          "db": { password: "db-pw", user: "admin", port: 5432 },
          "prod/api": { key: "prod-key" },
          "staging/api": { key: "staging-key" },
          "forbidden": { key: "hidden" },
        },
      },
      "kv/": { version: 2, secrets: { "app/db": { password: "kv2-pw" }, "deleted": null } },
    },
    namespaces: {
      "team-a": { "secret/": { version: 2, secrets: { x: { k: "from-team-a" } } } },
    },
    denied: ["secret/forbidden"],
  });
  const prod = startVaultServer({
    token: PROD_TOKEN,
    mounts: { "secret/": { version: 1, secrets: { api: { key: "from-prod" } } } },
  });
  const sealed = startVaultServer({ sealed: true });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closed = `http://127.0.0.1:${listener.addr.port}`;
  listener.close();
  return {
    main,
    all: [main, prod, sealed],
    addresses: {
      VAULT: main.address,
      PROD: prod.address,
      SEALED: sealed.address,
      CLOSED: closed,
    },
  };
}

function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name]);
}

async function run(test: Case, vaults: Vaults) {
  const dir = await Deno.makeTempDir({ prefix: "graft-vault-test-" });
  const home = join(dir, "home");
  await Deno.mkdir(home);
  const values = { ...vaults.addresses, HOME: home };
  try {
    for (const [name, text] of Object.entries(test.files)) {
      await Deno.writeTextFile(join(dir, name), fill(text, values));
    }
    for (const [name, text] of Object.entries(test.home ?? {})) {
      await Deno.writeTextFile(join(home, name), fill(text, values));
    }
    const env = Object.fromEntries(
      Object.entries(test.env ?? VAULT_ENV).map(([name, value]) => [name, fill(value, values)]),
    );
    const result = await runGraft(test.args.split(" "), { cwd: dir, env: { HOME: home, ...env } });
    return { exit: result.code, stdout: result.stdout, stderr: result.stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("vault operators and vaultinfo, end to end", async (t) => {
  const vaults = startVaults();
  try {
    for (const test of CASES) {
      await t.step(test.name, async () => {
        const before = vaults.main.requests.length;
        const actual = await run(test, vaults);
        assert.deepEqual(actual, {
          exit: test.exit ?? 0,
          stdout: fill(test.stdout ?? "", vaults.addresses),
          stderr: fill(test.stderr ?? "", vaults.addresses),
        });
        if (test.reads) {
          const reads = vaults.main.requests.slice(before).map((r) => r.path)
            .filter((path) => !path.startsWith("sys/"));
          assert.deepEqual(reads.sort(), [...test.reads].sort());
        }
      });
    }
  } finally {
    await Promise.all(vaults.all.map((server) => server.close()));
  }
});

Deno.test("no token, password or secret value ever shows in an error", async () => {
  const vaults = startVaults();
  const files = {
    "base.yml": `wrong_key: (( vault "secret/db:nokey" ))
not_string: (( vault "secret/db:port" ))
denied: (( vault "secret/forbidden:key" ))
missing: (( vault "kv/app/db:nokey; secret/prod/api:nokey" ))
try: (( vault-try "secret/staging/api:nokey" "kv/app/db:password:x" "default" ))
target: (( vault@prod "secret/api:nokey" ))
`,
  };
  const address = (name: string) => vaults.addresses[name].replace("://", "://user:hunter2@");
  try {
    for (const token of [TOKEN, "s.wrong-token-value"]) {
      const { stderr, exit } = await run({
        name: "secrets",
        files,
        args: "merge base.yml",
        env: {
          VAULT_ADDR: address("VAULT"),
          VAULT_TOKEN: token,
          VAULT_PROD_ADDR: address("PROD"),
          VAULT_PROD_TOKEN: PROD_TOKEN,
        },
      }, vaults);
      assert.equal(exit, 2);
      assert.match(stderr, /error\(s\) detected/);
      for (const secret of [token, PROD_TOKEN, "hunter2", ...SECRET_VALUES, "hidden"]) {
        assert.ok(!stderr.includes(secret), `${secret} shows in:\n${stderr}`);
      }
    }
  } finally {
    await Promise.all(vaults.all.map((server) => server.close()));
  }
});
