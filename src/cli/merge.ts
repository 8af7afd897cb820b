/**
 * `graft merge [flags] FILE...`
 *
 * @module
 */

import { Command, Option } from "commander";
import { readInputs, writeText } from "./io.ts";
import { runMerge } from "./pipeline.ts";
import { collect } from "./options.ts";
import { ExitCode } from "./exit.ts";

/** The `merge` subcommand. */
export function mergeCommand(state: { exitCode: number }): Command {
  return new Command("merge")
    .description("Merge YAML/JSON files left to right and evaluate their (( )) expressions.")
    .argument("[files...]", "files to merge; '-' reads standard input")
    .option("--skip-eval", "merge only: do not evaluate (( )) expressions")
    .option("--prune <path>", "remove this path from the output (repeatable)", collect, [])
    .option("--cherry-pick <path>", "keep only this path in the output (repeatable)", collect, [])
    .option("--fallback-append", "append instead of merging arrays inline when no key matches")
    .option("--go-patch", "treat array-rooted documents as go-patch operations")
    .option("-m, --multi-doc", "treat each document of a multi-document file as a file")
    .option("--skip-nats", "leave (( nats ... )) expressions in the output unevaluated (exit 3)")
    .option("--skip-vault", "leave (( vault ... )) expressions in the output unevaluated (exit 3)")
    .option("--skip-aws", "leave (( awsparam/awssecret ... )) expressions unevaluated (exit 3)")
    .addOption(
      new Option("--key-order <order>", "order of map keys in the output")
        .choices(["sorted", "input"])
        .default("sorted"),
    )
    .action(async (files: string[], options) => {
      const inputs = await readInputs(files);
      const warn = (line: string) => writeText(Deno.stderr, `${line}\n`);
      const env = (name: string) => Deno.env.get(name);
      const { text, deferred } = await runMerge(
        inputs,
        {
          skipEval: options.skipEval,
          prune: options.prune,
          cherryPick: options.cherryPick,
          fallbackAppend: options.fallbackAppend,
          goPatch: options.goPatch,
          multiDoc: options.multiDoc,
          keyOrder: options.keyOrder,
          skip: new Set([
            ...(options.skipNats ? ["nats"] : []),
            ...(options.skipVault ? ["vault"] : []),
            ...(options.skipAws ? ["aws"] : []),
          ]),
        },
        env,
        warn,
      );
      writeText(Deno.stdout, text);
      state.exitCode = deferred > 0 ? ExitCode.Partial : ExitCode.Ok;
    });
}
