import assert from "node:assert/strict";
import { GraftError } from "../../core/mod.ts";
import { resolveAwsSettings } from "./config.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("resolveAwsSettings() leaves everything unset to the SDK's chain", () => {
  assert.deepEqual(resolveAwsSettings(envOf({}), null, "ssm"), {});
  assert.deepEqual(resolveAwsSettings(envOf({ AWS_REGION: "" }), null, "ssm"), {});
});

Deno.test("resolveAwsSettings() reads the standard variables without a target", () => {
  const env = envOf({
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKID",
    AWS_SECRET_ACCESS_KEY: "SECRET",
    AWS_SESSION_TOKEN: "TOKEN",
    AWS_MAX_ATTEMPTS: "5",
    AWS_ENDPOINT_URL: "http://all:1",
    AWS_PROD_REGION: "us-east-2",
  });
  assert.deepEqual(resolveAwsSettings(env, null, "secretsmanager"), {
    region: "eu-west-1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN" },
    endpoint: "http://all:1",
    maxAttempts: 5,
  });
});

Deno.test("resolveAwsSettings() prefers the service's own endpoint variable", () => {
  const env = envOf({
    AWS_ENDPOINT_URL: "http://all:1",
    AWS_ENDPOINT_URL_SSM: "http://ssm:2",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://sm:3",
  });
  assert.equal(resolveAwsSettings(env, null, "ssm").endpoint, "http://ssm:2");
  assert.equal(resolveAwsSettings(env, null, "secretsmanager").endpoint, "http://sm:3");
});

Deno.test("resolveAwsSettings() lets a profile win over access keys, as the SDK does", () => {
  const env = envOf({ AWS_PROFILE: "dev", AWS_ACCESS_KEY_ID: "AKID" });
  assert.deepEqual(resolveAwsSettings(env, null, "ssm"), { profile: "dev" });
});

Deno.test("resolveAwsSettings() reads AWS_<TARGET>_* over the standard variables", () => {
  const standard = {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "DEFAULT",
    AWS_SECRET_ACCESS_KEY: "DEFAULT-SECRET",
    AWS_ENDPOINT_URL: "http://default:1",
    AWS_MAX_ATTEMPTS: "7",
  };
  const env = envOf({
    ...standard,
    AWS_PROD_EU_REGION: "eu-central-1",
    AWS_PROD_EU_ACCESS_KEY_ID: "AKID",
    AWS_PROD_EU_SECRET_ACCESS_KEY: "SECRET",
    AWS_PROD_EU_ENDPOINT: "http://prod:2",
    AWS_PROD_EU_MAX_RETRIES: "0",
  });
  assert.deepEqual(resolveAwsSettings(env, "prod-eu", "ssm"), {
    region: "eu-central-1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
    endpoint: "http://prod:2",
    maxAttempts: 1,
  });
  // A target's profile replaces the standard keys; a target's region alone keeps them.
  assert.deepEqual(
    resolveAwsSettings(envOf({ ...standard, AWS_OPS_PROFILE: "ops" }), "ops", "ssm"),
    {
      region: "eu-west-1",
      profile: "ops",
      endpoint: "http://default:1",
      maxAttempts: 7,
    },
  );
  assert.deepEqual(
    resolveAwsSettings(envOf({ ...standard, AWS_US_REGION: "us-west-2" }), "us", "ssm"),
    {
      region: "us-west-2",
      credentials: { accessKeyId: "DEFAULT", secretAccessKey: "DEFAULT-SECRET" },
      endpoint: "http://default:1",
      maxAttempts: 7,
    },
  );
});

Deno.test("resolveAwsSettings() names what is missing or wrong, as fatal errors", () => {
  const cases: [Record<string, string>, string | null, string][] = [
    [
      { AWS_REGION: "eu-west-1" },
      "prod",
      'AWS target "prod" is not configured: set AWS_PROD_REGION, AWS_PROD_PROFILE or ' +
      "AWS_PROD_ACCESS_KEY_ID",
    ],
    [
      { AWS_PROD_ENDPOINT: "http://x:1" },
      "prod",
      'AWS target "prod" is not configured: set AWS_PROD_REGION, AWS_PROD_PROFILE or ' +
      "AWS_PROD_ACCESS_KEY_ID",
    ],
    [
      { AWS_ACCESS_KEY_ID: "AKID" },
      null,
      "AWS_SECRET_ACCESS_KEY is not set, but AWS_ACCESS_KEY_ID is",
    ],
    [
      { AWS_PROD_SECRET_ACCESS_KEY: "SECRET" },
      "prod",
      "AWS_PROD_ACCESS_KEY_ID is not set, but AWS_PROD_SECRET_ACCESS_KEY is",
    ],
    [
      { AWS_ROLE: "arn:aws:iam::1:role/r" },
      null,
      "AWS_ROLE is not supported: assume the role through a profile instead (role_arn and " +
      "source_profile in the shared config file) and set AWS_PROFILE",
    ],
    [
      { AWS_PROD_REGION: "r", AWS_PROD_MAX_RETRIES: "-1" },
      "prod",
      'AWS_PROD_MAX_RETRIES must be an integer of at least 0, not "-1"',
    ],
    [{ AWS_MAX_ATTEMPTS: "0" }, null, 'AWS_MAX_ATTEMPTS must be an integer of at least 1, not "0"'],
    [
      { AWS_MAX_ATTEMPTS: "2x" },
      null,
      'AWS_MAX_ATTEMPTS must be an integer of at least 1, not "2x"',
    ],
  ];
  for (const [vars, target, message] of cases) {
    try {
      resolveAwsSettings(envOf(vars), target, "ssm");
      assert.fail(`no error: ${message}`);
    } catch (error) {
      assert.ok(error instanceof GraftError);
      assert.equal(error.message, message);
      assert.ok(error.fatal, message);
    }
  }
});
