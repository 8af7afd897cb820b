/**
 * `graft merge [flags] FILE...`
 *
 * @module
 */

import { readInputs, writeText } from "./io.ts";
import { runMerge } from "./pipeline.ts";
import { type CommandInput, mergeFlags, runEnvironment, runLog } from "./options.ts";
import { ExitCode } from "./exit.ts";

/** Runs `graft merge`: merges the files (standard input without any) and prints the result. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const inputs = await readInputs(args);
  const warn = (line: string) => writeText(Deno.stderr, `${line}\n`);
  const env = runEnvironment(globals);
  const flags = mergeFlags(options);
  const log = runLog(globals, env);
  const { text, deferred } = await runMerge(inputs, flags, { env, warn, log });
  writeText(Deno.stdout, text);
  return deferred > 0 ? ExitCode.Partial : ExitCode.Ok;
}
