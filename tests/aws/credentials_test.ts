/**
 * How `awsparam` and `awssecret` find their credentials, region and endpoint (`@target`,
 * profiles), how `REDACT` and `--skip-aws` keep them from AWS, and that no secret or credential
 * ever reaches the output of a failed run.
 *
 * @module
 */

import assert from "node:assert/strict";
import { startAwsServer, TEST_CREDENTIALS } from "../_helpers/aws_server.ts";
import { checkCli, runCli, SECRETS, STORE } from "./_cli.ts";

const PROD = { accessKeyId: "AKIAPRODEXAMPLE00001", secretAccessKey: "prod/secret/access/key" };
const DEV = { accessKeyId: "AKIADEVEXAMPLE000001", secretAccessKey: "dev/secret/access/key" };
const OPS = { accessKeyId: "AKIAOPSEXAMPLE000001", secretAccessKey: "ops/secret/access/key" };
const OK = { accessKeyId: "AKIAOKEXAMPLE0000001", secretAccessKey: "ok/secret/access/key" };

Deno.test("awsparam@target reads with AWS_<TARGET>_* settings", async () => {
  await using server = startAwsServer(STORE);
  await using prod = startAwsServer({
    parameters: { "/app/port": { value: "9090", type: "String" } },
    secrets: { "prod/db": '{"password": "prod-pass"}' },
    credentials: [PROD],
  });
  await checkCli(server, {
    files: {
      "base.yml": `default: (( awsparam "/app/port" ))
prod: (( awsparam@prod-eu "/app/port" ))
secret: (( awssecret@prod-eu "prod/db?key=password" ))
uncached: (( awsparam:nocache@prod-eu "/app/port" ))
`,
    },
    args: ["merge", "base.yml"],
    env: {
      AWS_PROD_EU_REGION: "eu-west-3",
      AWS_PROD_EU_ACCESS_KEY_ID: PROD.accessKeyId,
      AWS_PROD_EU_SECRET_ACCESS_KEY: PROD.secretAccessKey,
      AWS_PROD_EU_ENDPOINT: prod.url,
    },
    stdout: `default: "8080"
prod: "9090"
secret: prod-pass
uncached: "9090"

`,
  });
  assert.deepEqual(
    server.requests.map((r) => [r.accessKeyId, r.region, r.service]),
    [[TEST_CREDENTIALS.accessKeyId, "us-east-1", "ssm"]],
  );
  assert.deepEqual(
    prod.requests.map((r) => [r.accessKeyId, r.region, r.service]).sort(),
    [
      [PROD.accessKeyId, "eu-west-3", "secretsmanager"],
      [PROD.accessKeyId, "eu-west-3", "ssm"],
      [PROD.accessKeyId, "eu-west-3", "ssm"],
    ],
  );
});

Deno.test("awsparam reads credentials and regions from the shared files' profiles", async () => {
  await using server = startAwsServer({ ...STORE, credentials: [DEV, OPS] });
  await checkCli(server, {
    files: {
      "aws-credentials": `[dev]
aws_access_key_id = ${DEV.accessKeyId}
aws_secret_access_key = ${DEV.secretAccessKey}
[ops]
aws_access_key_id = ${OPS.accessKeyId}
aws_secret_access_key = ${OPS.secretAccessKey}
`,
      "aws-config": "[profile dev]\nregion = ap-south-1\n[profile ops]\nregion = eu-west-2\n",
      "base.yml": `dev: (( awsparam "/app/port" ))
ops: (( awssecret@ops "api-token" ))
`,
    },
    args: ["merge", "base.yml"],
    env: {
      AWS_REGION: "",
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_PROFILE: "dev",
      AWS_OPS_PROFILE: "ops",
    },
    stdout: `dev: "8080"
ops: tok-abcdef-secret

`,
  });
  assert.deepEqual(
    server.requests.map((r) => [r.accessKeyId, r.region, r.service]).sort(),
    [[DEV.accessKeyId, "ap-south-1", "ssm"], [OPS.accessKeyId, "eu-west-2", "secretsmanager"]],
  );
});

Deno.test("awsparam reports configuration errors before contacting AWS", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `unconfigured: (( awsparam@nowhere "/app/port" || "unused" ))
half_keys: (( awssecret@half "api-token" ))
role: (( awsparam@assumed "/app/port" ))
no_credentials: (( awsparam@bare "/app/port" ))
`,
    },
    args: ["merge", "base.yml"],
    env: {
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_HALF_ACCESS_KEY_ID: "AKIAHALFEXAMPLE",
      AWS_ASSUMED_ROLE: "arn:aws:iam::123456789012:role/graft",
      AWS_BARE_REGION: "us-east-1",
    },
    exit: 2,
    stderr: `4 error(s) detected:
 - $.half_keys: AWS_HALF_SECRET_ACCESS_KEY is not set, but AWS_HALF_ACCESS_KEY_ID is
     at base.yml:2:12
 - $.no_credentials: $./app/port error fetching awsparam: Could not load credentials from any providers
     at base.yml:4:17
 - $.role: AWS_ASSUMED_ROLE is not supported: assume the role through a profile instead (role_arn and source_profile in the shared config file) and set AWS_ASSUMED_PROFILE
     at base.yml:3:7
 - $.unconfigured: AWS target "nowhere" is not configured: set AWS_NOWHERE_REGION, AWS_NOWHERE_PROFILE or AWS_NOWHERE_ACCESS_KEY_ID
     at base.yml:1:15


`,
  });
  assert.equal(server.requests.length, 0);
});

const DEFERRED = `port: (( awsparam "/app/port" ))
spaced: ((awssecret   "prod/db?key=password"))
fallback: (( awsparam "/nope" || "default" ))
target: (( awsparam:nocache@prod "/app/" meta.missing ))
plain: (( concat "not " "aws" ))
`;

Deno.test("--skip-aws leaves the calls as written, unevaluated, and exits 3", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: { "base.yml": DEFERRED },
    args: ["merge", "--skip-aws", "base.yml"],
    exit: 3,
    stdout: `fallback: (( awsparam "/nope" || "default" ))
plain: not aws
port: (( awsparam "/app/port" ))
spaced: ((awssecret   "prod/db?key=password"))
target: (( awsparam:nocache@prod "/app/" meta.missing ))

`,
  });
  await checkCli(server, {
    files: { "base.yml": DEFERRED, "target.yml": "name: t\n" },
    args: ["fan", "--skip-aws", "base.yml", "target.yml"],
    exit: 3,
    stdout: `---
fallback: (( awsparam "/nope" || "default" ))
name: t
plain: not aws
port: (( awsparam "/app/port" ))
spaced: ((awssecret   "prod/db?key=password"))
target: (( awsparam:nocache@prod "/app/" meta.missing ))

`,
  });
  assert.equal(server.requests.length, 0);
});

Deno.test("REDACT answers REDACTED without contacting AWS, over --skip-aws too", async () => {
  await using server = startAwsServer(STORE);
  const files = {
    "base.yml": `meta:
  env: prod
port: (( awsparam "/app/port" ))
secret: (( awssecret meta.env "/db?key=password" ))
target: (( awsparam@unconfigured "/app/port" ))
`,
  };
  const stdout = `meta:
  env: prod
port: REDACTED
secret: REDACTED
target: REDACTED

`;
  await checkCli(server, { files, args: ["merge", "base.yml"], env: { REDACT: "1" }, stdout });
  await checkCli(server, {
    files,
    args: ["merge", "--skip-aws", "base.yml"],
    env: { REDACT: "yes" },
    stdout,
  });
  // The arguments are still evaluated, as in spruce.
  await checkCli(server, {
    files: { "base.yml": `bad: (( awsparam "/app?key=%x" ))\nmissing: (( awsparam meta.nope ))\n` },
    args: ["merge", "base.yml"],
    env: { REDACT: "1" },
    exit: 2,
    stderr: `2 error(s) detected:
 - $.bad: invalid argument string: invalid URL escape "%x"
     at base.yml:1:6
 - $.missing: Unable to resolve \`meta.nope\`: \`$.meta\` could not be found in the datastructure
     at base.yml:2:10


`,
  });
  assert.equal(server.requests.length, 0);
});

Deno.test("no secret value or credential ever reaches the output of a failed run", async () => {
  const temporary = { ...TEST_CREDENTIALS, sessionToken: "FwoGZXIvYXdzEGRAFTSESSIONTOKEN0001" };
  await using server = startAwsServer({ ...STORE, credentials: [OK, temporary] });
  const document = `db_user: (( awsparam "/app/db?key=user" ))
not_a_map: (( awsparam "/app/plain?key=x" ))
bad_key: (( awsparam "/app/db?key=nope" ))
list: (( awsparam "/app/zones?key=x" ))
yaml: (( awsparam "/app/yaml?key=nope" ))
secret_not_map: (( awssecret "api-token?key=password" ))
secret_bad_key: (( awssecret "prod/db?key=nope" ))
denied: (( awsparam "/denied" ))
signed_wrong: (( awsparam@wrong "/app/db" ))
unknown_key: (( awssecret@unknown "prod/db" ))
`;
  const run = await runCli(server, {
    files: { "base.yml": document },
    args: ["merge", "base.yml"],
    env: {
      AWS_ACCESS_KEY_ID: OK.accessKeyId,
      AWS_SECRET_ACCESS_KEY: OK.secretAccessKey,
      AWS_WRONG_REGION: "us-east-1",
      AWS_WRONG_ACCESS_KEY_ID: temporary.accessKeyId,
      AWS_WRONG_SECRET_ACCESS_KEY: "not/the/right/secret/key",
      AWS_WRONG_SESSION_TOKEN: temporary.sessionToken,
      AWS_UNKNOWN_REGION: "us-east-1",
      AWS_UNKNOWN_ACCESS_KEY_ID: "AKIAUNKNOWN000000001",
      AWS_UNKNOWN_SECRET_ACCESS_KEY: "unknown/secret/access/key",
    },
  });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^9 error\(s\) detected:\n/);
  assert.match(
    run.stderr,
    /signed_wrong: \$\.\/app\/db error fetching awsparam: InvalidSignatureException: The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n {5}at /,
  );
  assert.match(
    run.stderr,
    /unknown_key: \$\.prod\/db error fetching awssecret: UnrecognizedClientException: The security token included in the request is invalid\.\n {5}at /,
  );
  // The server did answer with the quoted signed request, session token included.
  assert.ok(server.requests.some((r) => r.error === "InvalidSignatureException"));
  const forbidden = [
    ...SECRETS,
    OK.secretAccessKey,
    temporary.sessionToken,
    "not/the/right/secret/key",
    "unknown/secret/access/key",
  ];
  for (const secret of forbidden) {
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), secret);
  }
});
