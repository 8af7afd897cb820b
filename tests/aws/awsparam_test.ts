/**
 * `(( awsparam ... ))` end to end: the CLI, the production SDK client and the local AWS server.
 *
 * @module
 */

import assert from "node:assert/strict";
import { startAwsServer } from "../_helpers/aws_server.ts";
import { checkCli, STORE } from "./_cli.ts";

Deno.test("awsparam reads parameters in every form", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `meta:
  app: app
  key: user
port: (( awsparam "/" meta.app "/port" ))
user: (( awsparam "/app/db?key=" meta.key ))
pool_max: (( awsparam "/app/db?key=pool.max" ))
pool: (( awsparam "/app/db?key=pool" ))
dotted: (( awsparam "/app/db?key=a.b" ))
host: (( awsparam "/app/db?key=hosts.1" ))
yaml_port: (( awsparam "/app/yaml?key=port" ))
plain: (( awsparam "/app/plain" ))
zones: (( awsparam "/app/zones" ))
nocache: (( awsparam:nocache "/app/port" ))
nested: (( concat "port-" (awsparam "/app/port") ))
`,
    },
    args: ["merge", "base.yml"],
    stdout: `dotted: dotted
host: h2
meta:
  app: app
  key: user
nested: port-8080
nocache: "8080"
plain: plain-s3cret-value
pool:
  max: 5
  min: 1
pool_max: "5"
port: "8080"
user: admin
yaml_port: "5432"
zones:
- us-east-1a
- us-east-1b

`,
  });
  // One read per parameter (`?key=` is not part of what is read), plus the `:nocache` one.
  const reads = server.requests.map((r) => r.body.Name).sort();
  assert.deepEqual(reads, [
    "/app/db",
    "/app/plain",
    "/app/port",
    "/app/port",
    "/app/yaml",
    "/app/zones",
  ]);
  assert.ok(server.requests.every((r) => r.body.WithDecryption === true));
});

Deno.test("awsparam falls back with || when the parameter or key does not exist", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `meta:
  fallback: from-meta
missing: (( awsparam "/nope" || "default" ))
missing_key: (( awsparam "/app/db?key=nope" || "no-key" ))
not_a_map: (( awsparam "/app/plain?key=x" || "not-a-map" ))
chained: (( awsparam "/nope" || awsparam "/app/port" ))
from_ref: (( awsparam "/nope" || meta.fallback ))
unresolved: (( awsparam meta.nope || "no-name" ))
found: (( awsparam "/app/port" || "unused" ))
`,
    },
    args: ["merge", "base.yml"],
    stdout: `chained: "8080"
found: "8080"
from_ref: from-meta
meta:
  fallback: from-meta
missing: default
missing_key: no-key
not_a_map: not-a-map
unresolved: no-name

`,
  });
});

Deno.test("awsparam reports missing parameters and keys in spruce's words", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: {
      "base.yml": `missing: (( awsparam "/nope" ))
bad_key: (( awsparam "/app/db?key=nope" ))
bad_nested_key: (( awsparam "/app/db?key=pool.nope" ))
string: (( awsparam "/app/plain?key=x" ))
number: (( awsparam "/app/port?key=x" ))
list: (( awsparam "/app/zones?key=x" ))
`,
    },
    args: ["merge", "base.yml"],
    exit: 2,
    stderr: `6 error(s) detected:
 - $.bad_key: $./app/db invalid key 'nope'
     at base.yml:2:10
 - $.bad_nested_key: $./app/db invalid key 'pool.nope'
     at base.yml:3:17
 - $.list: $./app/zones error extracting key: the value is a list, not a map
     at base.yml:6:7
 - $.missing: $./nope error fetching awsparam: ParameterNotFound: parameter not found
     at base.yml:1:10
 - $.number: $./app/port error extracting key: the value is an int, not a map
     at base.yml:5:9
 - $.string: $./app/plain error extracting key: the value is a string, not a map
     at base.yml:4:9


`,
  });
});

Deno.test("awsparam does not fall back when AWS refuses access", async () => {
  await using server = startAwsServer(STORE);
  await checkCli(server, {
    files: { "base.yml": `secret: (( awsparam "/denied" || "fallback" ))\n` },
    args: ["merge", "base.yml"],
    exit: 2,
    stderr: `1 error(s) detected:
 - $.secret: $./denied error fetching awsparam: AccessDeniedException: User: arn:aws:iam::123456789012:user/graft-test is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/denied because no identity-based policy allows the ssm:GetParameter action
     at base.yml:1:9


`,
  });
});

Deno.test("awsparam does not fall back when AWS cannot be reached", async () => {
  await using server = startAwsServer(STORE);
  const closed = startAwsServer();
  const url = closed.url;
  await closed.close();
  await checkCli(server, {
    files: { "base.yml": `port: (( awsparam "/app/port" || "fallback" ))\n` },
    args: ["merge", "base.yml"],
    env: { AWS_ENDPOINT_URL: url, AWS_MAX_ATTEMPTS: "1" },
    exit: 2,
    stderr: `1 error(s) detected:
 - $.port: $./app/port error fetching awsparam: connect ECONNREFUSED ${url.slice(7)}
     at base.yml:1:7


`,
  });
});
