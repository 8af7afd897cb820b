/**
 * Golden tests: each folder under tests/golden/ is one run of the CLI.
 *
 * - `cmd`: the arguments, separated by white space (run from the case's folder);
 * - `env` (optional): `NAME=value` lines, the whole environment besides PATH and HOME;
 * - `stdin` (optional): standard input (otherwise none);
 * - `stdout`, `stderr` (optional each, default empty): the exact expected output;
 * - `exit` (optional, default 0): the expected exit code.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

const root = fromFileUrl(new URL("./golden/", import.meta.url));
const cli = fromFileUrl(new URL("../cli.ts", import.meta.url));

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
    const stdin = await readOptional(join(dir, "stdin"));
    const command = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "--quiet", cli, ...args],
      cwd: dir,
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "",
        HOME: Deno.env.get("HOME") ?? "",
        ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
        NO_COLOR: "1",
        ...parseEnv(await readOptional(join(dir, "env"))),
      },
      stdin: stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    });
    const child = command.spawn();
    if (stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(stdin));
      await writer.close();
    }
    const result = await child.output();
    const decoder = new TextDecoder();
    const actual = {
      exit: result.code,
      stdout: decoder.decode(result.stdout),
      stderr: decoder.decode(result.stderr),
    };
    const expected = {
      exit: Number((await readOptional(join(dir, "exit")))?.trim() ?? 0),
      stdout: (await readOptional(join(dir, "stdout"))) ?? "",
      stderr: (await readOptional(join(dir, "stderr"))) ?? "",
    };
    assert.deepEqual(actual, expected);
  });
}
