import assert from "node:assert/strict";
import { GraftError } from "../../core/mod.ts";
import {
  type AwsServerOptions,
  startAwsServer,
  TEST_CREDENTIALS,
} from "../../../tests/_helpers/aws_server.ts";
import type { AwsLookup, AwsRead, AwsReader } from "../../eval/mod.ts";
import { createAwsBackend } from "./mod.ts";

/** A server and a backend configured for it, both closed when the test ends. */
async function setUp(options: AwsServerOptions, vars: Record<string, string> = {}) {
  const server = startAwsServer(options);
  const env: Record<string, string> = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: server.url,
    ...vars,
  };
  const backend = await createAwsBackend((name) => env[name]);
  return {
    server,
    backend,
    async [Symbol.asyncDispose]() {
      await backend.close();
      await server.close();
    },
  };
}

const DEFAULT: AwsLookup = { target: null, cache: true };

/** `NAME?stage=S&version=V` as a read. */
function readOf(text: string): AwsRead {
  const [name, query = ""] = text.split("?");
  const options = new URLSearchParams(query);
  return { name, stage: options.get("stage") ?? "", version: options.get("version") ?? "" };
}

const param = (backend: AwsReader, text: string, lookup = DEFAULT) =>
  backend.parameter(readOf(text), lookup);
const secret = (backend: AwsReader, text: string, lookup = DEFAULT) =>
  backend.secret(readOf(text), lookup);

/** The GraftError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<GraftError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GraftError, String(error));
    return error;
  }
  assert.fail("the read succeeded");
}

Deno.test("AwsReader.parameter() reads decrypted values; a StringList is a list", async () => {
  await using t = await setUp({
    parameters: {
      "/app/password": "s3cr3t",
      "/app/port": { value: "8080", type: "String" },
      "/app/zones": { value: "a,b,c", type: "StringList" },
    },
  });
  assert.equal(await param(t.backend, "/app/password"), "s3cr3t");
  assert.equal(await param(t.backend, "/app/port?key=ignored"), "8080");
  assert.deepEqual(await param(t.backend, "/app/zones"), ["a", "b", "c"]);
  assert.deepEqual(t.server.requests.map((r) => r.body), [
    { Name: "/app/password", WithDecryption: true },
    { Name: "/app/port", WithDecryption: true },
    { Name: "/app/zones", WithDecryption: true },
  ]);
});

Deno.test("AwsReader.secret() reads a version by stage or id; a binary secret as base64", async () => {
  await using t = await setUp({
    secrets: {
      "prod/db": [
        { id: "v2", stages: ["AWSCURRENT"], value: "current" },
        { id: "v1", stages: ["AWSPREVIOUS"], value: "previous" },
      ],
      blob: new Uint8Array([0, 1, 2, 250, 255]),
    },
  });
  assert.equal(await secret(t.backend, "prod/db"), "current");
  assert.equal(await secret(t.backend, "prod/db?stage=AWSPREVIOUS"), "previous");
  assert.equal(await secret(t.backend, "prod/db?version=v1"), "previous");
  // The stage wins over the version, as in spruce.
  assert.equal(await secret(t.backend, "prod/db?version=v1&stage=AWSCURRENT"), "current");
  const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Gr4fT1";
  assert.equal(await secret(t.backend, arn), "current");
  assert.equal(await secret(t.backend, "blob"), "AAEC+v8=");
  assert.deepEqual(t.server.requests.map((r) => r.body), [
    { SecretId: "prod/db" },
    { SecretId: "prod/db", VersionStage: "AWSPREVIOUS" },
    { SecretId: "prod/db", VersionId: "v1" },
    { SecretId: "prod/db", VersionStage: "AWSCURRENT" },
    { SecretId: arn },
    { SecretId: "blob" },
  ]);
});

Deno.test("AwsReader caches reads per name and version; :nocache asks again", async () => {
  await using t = await setUp({
    parameters: { "/a": "1" },
    secrets: { s: [{ id: "v1", stages: ["AWSCURRENT", "S"], value: "x" }] },
  });
  await param(t.backend, "/a?key=x");
  await param(t.backend, "/a?key=y");
  await secret(t.backend, "s");
  await secret(t.backend, "s?stage=S");
  await secret(t.backend, "s?stage=S&key=k");
  assert.equal(t.server.requests.length, 3);
  await param(t.backend, "/a", { target: null, cache: false });
  await param(t.backend, "/a", { target: null, cache: false });
  assert.equal(t.server.requests.length, 5);
});

Deno.test("AwsReader shares one request among identical concurrent reads", async () => {
  await using t = await setUp({ parameters: { "/a": "1", "/b": "2" }, delay: 50 });
  const values = await Promise.all([
    ...Array.from({ length: 10 }, () => param(t.backend, "/a")),
    param(t.backend, "/b"),
  ]);
  assert.deepEqual(values, [...Array(10).fill("1"), "2"]);
  assert.deepEqual(t.server.requests.map((r) => r.body.Name).sort(), ["/a", "/b"]);
});

Deno.test("AwsReader reads a target with its own credentials, region and endpoint", async () => {
  const prod = { accessKeyId: "AKIAPRODEXAMPLE", secretAccessKey: "prod-secret" };
  await using other = startAwsServer({ parameters: { "/a": "prod" }, credentials: [prod] });
  await using t = await setUp({ parameters: { "/a": "default" } }, {
    AWS_PROD_REGION: "eu-west-3",
    AWS_PROD_ACCESS_KEY_ID: prod.accessKeyId,
    AWS_PROD_SECRET_ACCESS_KEY: prod.secretAccessKey,
    AWS_PROD_ENDPOINT: other.url,
  });
  assert.equal(await param(t.backend, "/a"), "default");
  assert.equal(await param(t.backend, "/a", { target: "prod", cache: true }), "prod");
  assert.deepEqual(
    other.requests.map((r) => [r.accessKeyId, r.region]),
    [[prod.accessKeyId, "eu-west-3"]],
  );
  assert.deepEqual(
    t.server.requests.map((r) => [r.accessKeyId, r.region]),
    [[TEST_CREDENTIALS.accessKeyId, "us-east-1"]],
  );
});

Deno.test("AwsReader reports what does not exist as not fatal", async () => {
  await using t = await setUp({ secrets: { s: "x" } });
  const cases: [() => Promise<unknown>, string][] = [
    [
      () => param(t.backend, "/nope"),
      "$./nope error fetching awsparam: ParameterNotFound: parameter not found",
    ],
    [
      () => secret(t.backend, "nope"),
      "$.nope error fetching awssecret: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    ],
    [
      () => secret(t.backend, "s?stage=AWSPENDING"),
      "$.s error fetching awssecret: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    ],
  ];
  for (const [read, message] of cases) {
    const error = await failure(read());
    assert.equal(error.message, message);
    assert.equal(error.fatal, false);
  }
});

Deno.test("AwsReader reports access, credential and connection failures as fatal", async () => {
  await using t = await setUp({ parameters: { "/denied": "x" }, denied: ["/denied"] }, {
    AWS_BADKEY_REGION: "us-east-1",
    AWS_BADKEY_ACCESS_KEY_ID: "AKIAUNKNOWNEXAMPLE",
    AWS_BADKEY_SECRET_ACCESS_KEY: "whatever",
    AWS_DOWN_REGION: "us-east-1",
    AWS_DOWN_ENDPOINT: "http://127.0.0.1:1",
    AWS_DOWN_MAX_RETRIES: "0",
    AWS_UNSET_PROFILE: "no-such-profile-for-graft-tests",
    AWS_UNSET_REGION: "us-east-1",
  });
  const cases: [string, string, RegExp][] = [
    [
      "/denied",
      "",
      /^\$\.\/denied error fetching awsparam: AccessDeniedException: User: arn:aws:iam::123456789012:user\/graft-test is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter\/denied because no identity-based policy allows the ssm:GetParameter action$/,
    ],
    [
      "/a",
      "badkey",
      /^\$\.\/a error fetching awsparam: UnrecognizedClientException: The security token included in the request is invalid\.$/,
    ],
    ["/a", "down", /^\$\.\/a error fetching awsparam: .*ECONNREFUSED/],
    [
      "/a",
      "unset",
      /^\$\.\/a error fetching awsparam: Could not load credentials from any providers$/,
    ],
    [
      "/a",
      "nowhere",
      /^AWS target "nowhere" is not configured: set AWS_NOWHERE_REGION, AWS_NOWHERE_PROFILE or AWS_NOWHERE_ACCESS_KEY_ID$/,
    ],
  ];
  for (const [name, target, pattern] of cases) {
    const error = await failure(param(t.backend, name, { target: target || null, cache: true }));
    assert.match(error.message, pattern);
    assert.equal(error.fatal, true, error.message);
  }
});

Deno.test("AwsReader never repeats what AWS quotes of a rejected signature", async () => {
  const temporary = { ...TEST_CREDENTIALS, sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN" };
  await using t = await setUp({ parameters: { "/a": "1" }, credentials: [temporary] }, {
    AWS_SECRET_ACCESS_KEY: "not-the-right-secret",
    AWS_SESSION_TOKEN: temporary.sessionToken,
  });
  const error = await failure(param(t.backend, "/a"));
  assert.equal(
    error.message,
    "$./a error fetching awsparam: InvalidSignatureException: The request signature we " +
      "calculated does not match the signature you provided. Check your AWS Secret Access Key " +
      "and signing method. Consult the service documentation for details.",
  );
  assert.equal(error.cause, undefined);
  assert.equal(error.fatal, true);
});

Deno.test("AwsReader retries throttled reads; a failed read is not cached", async () => {
  await using t = await setUp({ parameters: { "/a": "1" }, throttle: 1 });
  assert.equal(await param(t.backend, "/a"), "1");
  assert.deepEqual(t.server.requests.map((r) => r.error), ["ThrottlingException", null]);

  await using u = await setUp({ parameters: { "/a": "1" }, throttle: 2 }, {
    AWS_MAX_ATTEMPTS: "1",
  });
  assert.equal((await failure(param(u.backend, "/a"))).fatal, true);
  assert.equal((await failure(param(u.backend, "/a"))).fatal, true);
  assert.equal(await param(u.backend, "/a"), "1");
});
