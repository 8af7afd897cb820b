import assert from "node:assert/strict";
import { Float, GraftError, type Key, type Value } from "../../core/mod.ts";
import { parseDuration, parseStorePath, resolveSettings } from "./config.ts";

const noEnv = () => undefined;
const envOf = (vars: Record<string, string>) => (name: string) => vars[name];
const map = (entries: Record<string, Value>): Value => new Map(Object.entries(entries));

/** The error `run` throws, checked to be a GraftError with that fatality. */
function failure(run: () => unknown, fatal: boolean): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GraftError, String(error));
    assert.equal(error.fatal, fatal, error.message);
    return error.message;
  }
  assert.fail("expected an error");
}

Deno.test("parseStorePath splits at the first ':' and the first '/'", () => {
  assert.deepEqual(parseStorePath("kv:config/database_host"), {
    store: "kv",
    bucket: "config",
    name: "database_host",
  });
  assert.deepEqual(parseStorePath("KV:services/api-gateway/config"), {
    store: "kv",
    bucket: "services",
    name: "api-gateway/config",
  });
  assert.deepEqual(parseStorePath("obj:tenants/acme-corp/config v2.yaml"), {
    store: "obj",
    bucket: "tenants",
    name: "acme-corp/config v2.yaml",
  });
  assert.deepEqual(parseStorePath("kv:b/a.b=c/_x-"), {
    store: "kv",
    bucket: "b",
    name: "a.b=c/_x-",
  });
});

Deno.test("parseStorePath rejects malformed paths (not fatal, so || applies)", () => {
  const cases: [string, string][] = [
    [
      "config/key",
      'invalid NATS path "config/key": expected "kv:BUCKET/KEY" or "obj:BUCKET/OBJECT"',
    ],
    ["s3:b/k", 'invalid store type "s3" in NATS path "s3:b/k": must be "kv" or "obj"'],
    ["kv:config", 'invalid KV path "kv:config": expected "kv:BUCKET/KEY"'],
    ["kv:/key", 'invalid KV path "kv:/key": expected "kv:BUCKET/KEY"'],
    ["obj:assets/", 'invalid Object path "obj:assets/": expected "obj:BUCKET/OBJECT"'],
    ["kv:", 'invalid KV path "kv:": expected "kv:BUCKET/KEY"'],
    [
      "kv:my.bucket/k",
      'invalid KV store name "my.bucket" in NATS path "kv:my.bucket/k": use letters, digits, "-" and "_"',
    ],
  ];
  for (const [path, message] of cases) {
    assert.equal(failure(() => parseStorePath(path), false), message);
  }
  for (const key of ["a b", "a..b", ".a", "a.", "a*b", "a:b", "ümlaut", "a>b"]) {
    assert.match(failure(() => parseStorePath(`kv:b/${key}`), false), /^invalid key /, key);
  }
  // Object names are free-form.
  assert.equal(parseStorePath("obj:b/a b:c*.png").name, "a b:c*.png");
});

Deno.test("resolveSettings: defaults", () => {
  assert.deepEqual(resolveSettings(noEnv, null), {
    servers: ["127.0.0.1:4222"],
    display: "nats://127.0.0.1:4222",
    tls: undefined,
    credentials: { kind: "none" },
    timeout: 5000,
    retries: 3,
    retryInterval: 250,
    retryBackoff: 2,
    maxRetryInterval: 2000,
    cacheTtl: 300000,
  });
});

Deno.test("resolveSettings reads URL credentials into options and prints URLs without them", () => {
  const user = resolveSettings(noEnv, null, "nats://bob:p%40ss%3Aw%2Frd%25@nats.example:4223");
  assert.deepEqual(user.servers, ["nats.example:4223"]);
  assert.equal(user.display, "nats://nats.example:4223");
  assert.deepEqual(user.credentials, { kind: "user", user: "bob", password: "p@ss:w/rd%" });
  // A numeric password is not a port (nats.js would dial it, NATS-NOTES §0.1).
  const numeric = resolveSettings(noEnv, null, "nats://alice:12345@127.0.0.1:14303");
  assert.deepEqual(numeric.servers, ["127.0.0.1:14303"]);
  assert.deepEqual(numeric.credentials, { kind: "user", user: "alice", password: "12345" });
  const token = resolveSettings(noEnv, null, "nats://mytoken@localhost");
  assert.deepEqual(token.credentials, { kind: "token", token: "mytoken" });
  assert.equal(token.display, "nats://localhost:4222");
});

Deno.test("resolveSettings: URL lists, tls:// and bare host:port", () => {
  const settings = resolveSettings(noEnv, null, "tls://a:4222, nats://b:4223,c");
  assert.deepEqual(settings.servers, ["a:4222", "b:4223", "c:4222"]);
  assert.equal(settings.display, "tls://a:4222,nats://b:4223,nats://c:4222");
  assert.deepEqual(settings.tls, {
    caFile: undefined,
    certFile: undefined,
    keyFile: undefined,
    insecureSkipVerify: false,
  });
  assert.equal(resolveSettings(noEnv, null, "127.0.0.1:5000").display, "nats://127.0.0.1:5000");
});

Deno.test("resolveSettings: environment variables", () => {
  const settings = resolveSettings(
    envOf({
      NATS_URL: "nats://n1:4222,nats://n2:4222",
      NATS_TIMEOUT: "1m30s",
      NATS_RETRIES: "0",
      NATS_RETRY_INTERVAL: "100ms",
      NATS_RETRY_BACKOFF: "1.5",
      NATS_MAX_RETRY_INTERVAL: "1s",
      NATS_CACHE_TTL: "0",
      NATS_TLS: "1",
      NATS_CA_FILE: "/ca.pem",
      NATS_CERT_FILE: "/c.pem",
      NATS_KEY_FILE: "/k.pem",
      NATS_INSECURE_SKIP_VERIFY: "true",
      NATS_TOKEN: "t",
    }),
    null,
  );
  assert.deepEqual(settings, {
    servers: ["n1:4222", "n2:4222"],
    display: "nats://n1:4222,nats://n2:4222",
    tls: { caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem", insecureSkipVerify: true },
    credentials: { kind: "token", token: "t" },
    timeout: 90000,
    retries: 0,
    retryInterval: 100,
    retryBackoff: 1.5,
    maxRetryInterval: 1000,
    cacheTtl: 0,
  });
});

Deno.test("resolveSettings: auth precedence creds > nkey > token > user/password", () => {
  const all = { NATS_CREDS: "/a.creds", NATS_NKEY: "/u.nk", NATS_TOKEN: "t", NATS_USER: "u" };
  assert.deepEqual(resolveSettings(envOf(all), null).credentials, {
    kind: "creds",
    file: "/a.creds",
  });
  const { NATS_CREDS: _, ...rest } = all;
  assert.deepEqual(resolveSettings(envOf(rest), null).credentials, { kind: "nkey", file: "/u.nk" });
  assert.deepEqual(
    resolveSettings(envOf({ NATS_TOKEN: "t", NATS_USER: "u", NATS_PASSWORD: "p" }), null)
      .credentials,
    { kind: "token", token: "t" },
  );
  assert.deepEqual(
    resolveSettings(envOf({ NATS_USER: "u", NATS_PASSWORD: "p" }), null).credentials,
    { kind: "user", user: "u", password: "p" },
  );
});

Deno.test("resolveSettings: the argument overrides the environment; its credentials replace", () => {
  const env = envOf({ NATS_URL: "nats://env:4222", NATS_CREDS: "/env.creds", NATS_TIMEOUT: "9s" });
  // A URL without credentials keeps the environment's credentials.
  const plain = resolveSettings(env, null, "nats://arg:4222");
  assert.equal(plain.display, "nats://arg:4222");
  assert.deepEqual(plain.credentials, { kind: "creds", file: "/env.creds" });
  assert.equal(plain.timeout, 9000);
  // Credentials in the argument replace all of the environment's.
  assert.deepEqual(resolveSettings(env, null, "nats://u:p@arg:4222").credentials, {
    kind: "user",
    user: "u",
    password: "p",
  });
  // Explicit keys win over the URL's user:password@.
  const config = map({ url: "nats://u:p@arg:4222", password: "explicit", timeout: "10s" });
  const settings = resolveSettings(env, null, config);
  assert.deepEqual(settings.credentials, { kind: "user", user: "u", password: "explicit" });
  assert.equal(settings.timeout, 10000);
});

Deno.test("resolveSettings: a configuration map with every key", () => {
  const settings = resolveSettings(
    noEnv,
    null,
    map({
      url: "nats://secure-nats:4222",
      timeout: "10s",
      retries: 5,
      retry_interval: "1s",
      retry_backoff: new Float(1.5),
      max_retry_interval: "30s",
      tls: true,
      cert_file: "/c.crt",
      key_file: "/c.key",
      ca_file: "/ca.crt",
      insecure_skip_verify: false,
      token: "t",
      user: "u",
      password: "p",
      nkey_seed_file: "/u.nk",
      creds_file: null, // null keys are left out
      cache_ttl: "1h",
    }),
  );
  assert.deepEqual(settings, {
    servers: ["secure-nats:4222"],
    display: "nats://secure-nats:4222",
    tls: { caFile: "/ca.crt", certFile: "/c.crt", keyFile: "/c.key", insecureSkipVerify: false },
    credentials: { kind: "nkey", file: "/u.nk" },
    timeout: 10000,
    retries: 5,
    retryInterval: 1000,
    retryBackoff: 1.5,
    maxRetryInterval: 30000,
    cacheTtl: 3600000,
  });
  assert.equal(resolveSettings(noEnv, null, map({ retry_backoff: 3 })).retryBackoff, 3);
});

Deno.test("resolveSettings: configuration map errors name the key (fatal)", () => {
  const cases: [Value, string][] = [
    [
      map({ url: "nats://h:4222", streaming: 1 }),
      'unknown key "streaming" in the nats configuration map (known: url, timeout, retries, ' +
      "retry_interval, retry_backoff, max_retry_interval, cache_ttl, tls, cert_file, key_file, " +
      "ca_file, insecure_skip_verify, token, user, password, nkey_seed_file, creds_file)",
    ],
    [
      map({ timeout: 10 }),
      '"timeout" in the nats configuration map must be a duration string such as "10s", got int',
    ],
    [
      map({ timeout: "soon" }),
      '"timeout" in the nats configuration map must be a duration such as "10s", got "soon"',
    ],
    [
      map({ retries: "5" }),
      '"retries" in the nats configuration map must be a whole number of at least 0, got string',
    ],
    [
      map({ retries: -1 }),
      '"retries" in the nats configuration map must be a whole number of at least 0, got int',
    ],
    [map({ tls: "yes" }), '"tls" in the nats configuration map must be true or false, got string'],
    [
      map({ retry_backoff: new Float(0.5) }),
      '"retry_backoff" in the nats configuration map must be a number of at least 1, got float',
    ],
    // A password of the wrong type is named, never printed.
    [
      map({ password: 12345 }),
      '"password" in the nats configuration map must be a string, got int',
    ],
    [
      ["nats://h:4222"],
      "the second argument of nats must be a URL string or a configuration map, got list",
    ],
    [42, "the second argument of nats must be a URL string or a configuration map, got int"],
    [
      map({ cert_file: "/c.crt" }),
      "a TLS client certificate needs both cert_file and key_file (NATS_CERT_FILE and NATS_KEY_FILE)",
    ],
  ];
  for (const [argument, message] of cases) {
    assert.equal(failure(() => resolveSettings(noEnv, null, argument), true), message);
  }
});

Deno.test("resolveSettings: bad URLs are errors that never show credentials", () => {
  assert.equal(
    failure(() => resolveSettings(noEnv, null, "http://user:hunter2@h:80"), true),
    "invalid NATS URL (from the URL argument): the scheme must be nats:// or tls://",
  );
  assert.equal(
    failure(() => resolveSettings(envOf({ NATS_URL: "nats://u:hunter2@h:99999" }), null), true),
    "invalid NATS URL (from NATS_URL)",
  );
  assert.equal(
    failure(() => resolveSettings(noEnv, null, map({ url: " , " })), true),
    'the NATS URL (from "url") is empty',
  );
});

Deno.test("resolveSettings: bad environment values name the variable (fatal)", () => {
  const cases: [Record<string, string>, string][] = [
    [
      { NATS_TIMEOUT: "5" },
      'invalid NATS_TIMEOUT "5": expected a duration such as "5s" or "500ms"',
    ],
    [{ NATS_RETRIES: "three" }, 'invalid NATS_RETRIES "three": expected a whole number such as 3'],
    [
      { NATS_RETRY_BACKOFF: "0.5" },
      'invalid NATS_RETRY_BACKOFF "0.5": expected a number of at least 1, such as 2',
    ],
    [{ NATS_TLS: "maybe" }, 'invalid NATS_TLS "maybe": expected true or false'],
  ];
  for (const [vars, message] of cases) {
    assert.equal(failure(() => resolveSettings(envOf(vars), null), true), message);
  }
  // Empty variables count as unset.
  assert.equal(resolveSettings(envOf({ NATS_TIMEOUT: "" }), null).timeout, 5000);
});

Deno.test("resolveSettings: named targets read NATS_<TARGET>_* only", () => {
  const env = envOf({
    NATS_URL: "nats://default:4222",
    NATS_TOKEN: "default-token",
    NATS_PROD_EU_URL: "nats://prod:4222",
    NATS_PROD_EU_USER: "svc",
    NATS_PROD_EU_PASSWORD: "pw",
    NATS_PROD_EU_RETRIES: "7",
  });
  const settings = resolveSettings(env, "prod-eu");
  assert.equal(settings.display, "nats://prod:4222");
  assert.deepEqual(settings.credentials, { kind: "user", user: "svc", password: "pw" });
  assert.equal(settings.retries, 7);
  assert.equal(
    failure(() => resolveSettings(env, "staging"), true),
    'NATS target "staging" is not configured: NATS_STAGING_URL is not set',
  );
});

Deno.test("parseDuration reads Go durations", () => {
  assert.equal(parseDuration("10s"), 10000);
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("1h30m"), 5400000);
  assert.equal(parseDuration("1.5s"), 1500);
  assert.equal(parseDuration("0"), 0);
  for (const bad of ["", "5", "s", "1d", "10 s", "-1s"]) {
    assert.equal(parseDuration(bad), undefined, bad);
  }
});

Deno.test("graft's streaming_threshold and audit_logging keys are accepted, and type-checked", () => {
  const argument = new Map<Key, Value>([
    ["url", "nats://127.0.0.1:4222"],
    ["streaming_threshold", 1048576],
    ["audit_logging", true],
  ]);
  assert.equal(resolveSettings(() => undefined, null, argument).display, "nats://127.0.0.1:4222");
  assert.throws(
    () => resolveSettings(() => undefined, null, new Map<Key, Value>([["audit_logging", "x"]])),
    /audit_logging/,
  );
});

Deno.test("resolveSettings never quotes URL text that holds credentials", () => {
  assert.equal(
    failure(() => resolveSettings(envOf({ NATS_URL: "nats://alice:hunter,two@h:1" }), null), true),
    "invalid NATS URL (from NATS_URL)",
  );
  assert.equal(
    failure(() => resolveSettings(noEnv, null, "nats://alice:100%@127.0.0.1:1"), true),
    "invalid NATS URL (from the URL argument): the credentials are not validly %-encoded",
  );
  assert.equal(
    failure(() => resolveSettings(noEnv, null, "http://h:80"), true),
    'invalid NATS URL "http://h:80" (from the URL argument): the scheme must be nats:// or tls://',
  );
});
