/**
 * `graft merge [flags] FILE...`
 *
 * @module
 */

import { Command } from "commander";
import { readInputs, writeText } from "./io.ts";
import { runMerge } from "./pipeline.ts";
import { addMergeOptions, mergeFlags, runEnvironment, runLog } from "./options.ts";
import { ExitCode } from "./exit.ts";

/** The `merge` subcommand. */
export function mergeCommand(state: { exitCode: number }): Command {
  const command = new Command("merge")
    .description("Merge YAML/JSON files left to right and evaluate their (( )) expressions.")
    .argument("[files...]", "files to merge; '-' reads standard input")
    .option("-m, --multi-doc", "treat each document of a multi-document file as a file");
  return addMergeOptions(command)
    .action(async (files: string[], options, self: Command) => {
      const inputs = await readInputs(files);
      const warn = (line: string) => writeText(Deno.stderr, `${line}\n`);
      const env = runEnvironment(self);
      const flags = mergeFlags(options);
      const log = runLog(self, env);
      const { text, deferred } = await runMerge(inputs, flags, { env, warn, log });
      writeText(Deno.stdout, text);
      state.exitCode = deferred > 0 ? ExitCode.Partial : ExitCode.Ok;
    });
}
