/**
 * `(( awssecret ... ))` end to end: the CLI, the production SDK client and the local AWS server.
 *
 * @module
 */

import assert from "node:assert/strict";
import { startAwsServer } from "../_helpers/aws_server.ts";
import { checkCli, STORE } from "./_cli.ts";

Deno.test("awssecret reads secrets in every form", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `meta:
  env: prod
password: (( awssecret meta.env "/db?key=password" ))
previous: (( awssecret "prod/db?key=password&stage=AWSPREVIOUS" ))
by_version: (( awssecret "prod/db?version=v1&key=password" ))
stage_wins: (( awssecret "prod/db?version=v1&stage=AWSCURRENT&key=password" ))
by_arn: (( awssecret "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Gr4fT1?key=username" ))
whole: (( awssecret "prod/db" ))
token: (( awssecret "api-token" ))
binary: (( awssecret "tls/key" ))
nocache: (( awssecret:nocache "api-token" ))
`,
    },
    args: ["merge", "base.yml"],
    stdout: `binary: MIIB/wAQ
by_arn: dbuser
by_version: old-pass-456
meta:
  env: prod
nocache: tok-abcdef-secret
password: cur-pass-123
previous: old-pass-456
stage_wins: cur-pass-123
token: tok-abcdef-secret
whole: '{"username": "dbuser", "password": "cur-pass-123"}'

`,
  });
  // One read per (secret, version): `whole` shares the read of `password`; `:nocache` reads again.
  const reads = server.requests.map((r) => JSON.stringify(r.body)).sort();
  assert.deepEqual(reads, [
    '{"SecretId":"api-token"}',
    '{"SecretId":"api-token"}',
    '{"SecretId":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Gr4fT1"}',
    '{"SecretId":"prod/db","VersionId":"v1"}',
    '{"SecretId":"prod/db","VersionStage":"AWSCURRENT"}',
    '{"SecretId":"prod/db","VersionStage":"AWSPREVIOUS"}',
    '{"SecretId":"prod/db"}',
    '{"SecretId":"tls/key"}',
  ]);
});

Deno.test("awssecret falls back with || when the secret, version or key does not exist", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `missing: (( awssecret "nope" || "no-secret" ))
missing_stage: (( awssecret "prod/db?stage=AWSPENDING" || "no-stage" ))
missing_version: (( awssecret "prod/db?version=v9" || "no-version" ))
missing_key: (( awssecret "prod/db?key=nope" || "no-key" ))
`,
    },
    args: ["merge", "base.yml"],
    stdout: `missing: no-secret
missing_key: no-key
missing_stage: no-stage
missing_version: no-version

`,
  });
});

Deno.test("awssecret reports failures in spruce's words", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `missing: (( awssecret "nope" ))
missing_stage: (( awssecret "prod/db?stage=AWSPENDING" ))
missing_version: (( awssecret "prod/db?version=v9" ))
bad_key: (( awssecret "prod/db?key=nope" ))
not_a_map: (( awssecret "api-token?key=x" ))
denied: (( awssecret "locked" || "unused" ))
`,
    },
    args: ["merge", "base.yml"],
    exit: 2,
    stderr: `6 error(s) detected:
 - $.bad_key: $.prod/db invalid key 'nope'
     at base.yml:4:10
 - $.denied: $.locked error fetching awssecret: AccessDeniedException: User: arn:aws:iam::123456789012:user/graft-test is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:locked-Gr4fT1 because no identity-based policy allows the secretsmanager:GetSecretValue action
     at base.yml:6:9
 - $.missing: $.nope error fetching awssecret: ResourceNotFoundException: Secrets Manager can't find the specified secret.
     at base.yml:1:10
 - $.missing_stage: $.prod/db error fetching awssecret: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPENDING
     at base.yml:2:16
 - $.missing_version: $.prod/db error fetching awssecret: ResourceNotFoundException: Secrets Manager can't find the specified secret value for VersionId: v9
     at base.yml:3:18
 - $.not_a_map: $.api-token error extracting key: the value is a string, not a map
     at base.yml:5:12


`,
  });
});
