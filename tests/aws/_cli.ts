/**
 * Golden-style runs of the graft CLI against the local AWS server: each case writes its input
 * files into a fresh directory, runs `graft ARGS` there (with `deno task graft`'s permissions and
 * a clean environment: fake credentials, the server as `AWS_ENDPOINT_URL`, no shared config files,
 * no instance metadata), and compares standard output, standard error and the exit code exactly.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { type GraftRun, runGraft } from "../_helpers/graft_cli.ts";
import { type AwsServer, type AwsServerOptions, TEST_CREDENTIALS } from "../_helpers/aws_server.ts";

/** The parameters and secrets the tests read. */
export const STORE: AwsServerOptions = {
  parameters: {
    "/app/port": { value: "8080", type: "String" },
    "/app/db": '{"user": "admin", "password": "hunter2-pw", "pool": {"min": 1, "max": 5}, ' +
      '"hosts": ["h1", "h2"], "a.b": "dotted"}',
    "/app/yaml": "user: yamluser\nport: 5432\n",
    "/app/plain": "plain-s3cret-value",
    "/app/zones": { value: "us-east-1a,us-east-1b", type: "StringList" },
    "/denied": "never-read",
  },
  secrets: {
    "prod/db": [
      {
        id: "v2",
        stages: ["AWSCURRENT"],
        value: '{"username": "dbuser", "password": "cur-pass-123"}',
      },
      {
        id: "v1",
        stages: ["AWSPREVIOUS"],
        value: '{"username": "dbuser", "password": "old-pass-456"}',
      },
    ],
    "api-token": "tok-abcdef-secret",
    "tls/key": new Uint8Array([0x30, 0x82, 0x01, 0xff, 0x00, 0x10]),
  },
  denied: ["/denied", "locked"],
};

/** Every secret value in {@link STORE} and the test credentials: what output must never show. */
export const SECRETS: readonly string[] = [
  "hunter2-pw",
  "yamluser",
  "plain-s3cret-value",
  "never-read",
  "cur-pass-123",
  "old-pass-456",
  "tok-abcdef-secret",
  TEST_CREDENTIALS.secretAccessKey,
];

/** One run of the CLI and what it must print. */
export interface CliCase {
  /** Input files by name, written into the run's directory. */
  readonly files: Readonly<Record<string, string>>;
  /** The arguments, e.g. `["merge", "base.yml"]`. */
  readonly args: readonly string[];
  /** Variables added to (or, when empty, removed from) the standard environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly stdout?: string;
  readonly stderr?: string;
  /** @default 0 */
  readonly exit?: number;
}

/** What a run printed and how it exited. */
export type CliRun = GraftRun;

/** The environment of every run: the server, fake credentials, and nothing from this machine. */
export function standardEnv(server: AwsServer, dir: string): Record<string, string> {
  return {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: server.url,
    AWS_CONFIG_FILE: join(dir, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Runs a case in a fresh directory (removed afterwards). */
export async function runCli(server: AwsServer, test: CliCase): Promise<CliRun> {
  const dir = await Deno.makeTempDir({ prefix: "graft-aws-" });
  try {
    for (const [name, text] of Object.entries(test.files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    const env = Object.entries({ ...standardEnv(server, dir), ...test.env })
      .filter(([, value]) => value !== "");
    return await runGraft(test.args, {
      cwd: dir,
      env: Object.fromEntries(env.map(([name, value]) => [name, value.replaceAll("$DIR", dir)])),
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs a case and checks its output and exit code exactly. */
export async function checkCli(server: AwsServer, test: CliCase): Promise<CliRun> {
  const run = await runCli(server, test);
  assert.deepEqual(
    { stdout: run.stdout, stderr: run.stderr, exit: run.code },
    { stdout: test.stdout ?? "", stderr: test.stderr ?? "", exit: test.exit ?? 0 },
  );
  return run;
}
