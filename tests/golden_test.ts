/**
 * Golden tests: each folder under tests/golden/ is one run of the CLI.
 *
 * - `cmd`: the arguments, separated by white space (run from the case's folder);
 * - `env` (optional): `NAME=value` lines, the whole environment besides PATH and HOME;
 *   graft runs with `deno task graft`'s permissions;
 * - `stdin` (optional): standard input (otherwise none);
 * - `stdout`, `stderr` (optional each, default empty): the exact expected output;
 * - `exit` (optional, default 0): the expected exit code.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { runGraft } from "./_helpers/graft_cli.ts";

const root = fromFileUrl(new URL("./golden/", import.meta.url));

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function parseEnv(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of (text ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

const cases = [...Deno.readDirSync(root)].filter((e) => e.isDirectory).map((e) => e.name).sort();

for (const name of cases) {
  Deno.test(`golden: ${name}`, async () => {
    const dir = join(root, name);
    const args = (await Deno.readTextFile(join(dir, "cmd"))).trim().split(/\s+/);
    const run = await runGraft(args, {
      cwd: dir,
      env: parseEnv(await readOptional(join(dir, "env"))),
      stdin: await readOptional(join(dir, "stdin")),
    });
    const actual = { exit: run.code, stdout: run.stdout, stderr: run.stderr };
    const expected = {
      exit: Number((await readOptional(join(dir, "exit")))?.trim() ?? 0),
      stdout: (await readOptional(join(dir, "stdout"))) ?? "",
      stderr: (await readOptional(join(dir, "stderr"))) ?? "",
    };
    assert.deepEqual(actual, expected);
  });
}
