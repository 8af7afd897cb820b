/**
 * `graft diff FROM TO`: what changed between two YAML/JSON files, path by path, document by
 * document. Exit 0 when they are the same, 1 when they differ, 2 when one cannot be read.
 *
 * @module
 */

import { Command } from "commander";
import { loadYaml } from "../yaml/mod.ts";
import { diffDocuments, renderJson, renderText } from "../diff/mod.ts";
import { type InputText, readInputs, writeText } from "./io.ts";
import { ExitCode } from "./exit.ts";

/** The `diff` subcommand. */
export function diffCommand(state: { exitCode: number }): Command {
  return new Command("diff")
    .description("Show the changes between two YAML/JSON files, path by path.")
    .argument("<from>", "the old file; '-' reads standard input")
    .argument("<to>", "the new file; '-' reads standard input")
    .option("--json", "print the changes as JSON")
    .action(async (from: string, to: string, options: { json?: boolean }, command: Command) => {
      const [fromInput, toInput] = await readInputs([from, to]);
      const load = (input: InputText) => loadYaml(input.text, input.name, { multiDoc: true });
      const fromDocs = load(fromInput);
      const toDocs = load(toInput);
      const documents = diffDocuments(fromDocs, toDocs);
      const report = options.json
        ? renderJson(documents, { from: fromInput.name, to: toInput.name })
        : renderText(documents, {
          color: useColor(command.optsWithGlobals().color),
          documentHeaders: fromDocs.length > 1 || toDocs.length > 1,
        });
      writeText(Deno.stdout, report);
      state.exitCode = documents.length === 0 ? ExitCode.Ok : ExitCode.Different;
    });
}

/**
 * Whether to colour the report for the global `--color` setting: `auto` (or unset) colours only
 * a terminal, and only when `NO_COLOR` is empty and `TERM` is not `dumb`.
 */
function useColor(mode: "on" | "off" | "auto" | undefined): boolean {
  if (mode === "on" || mode === "off") return mode === "on";
  return !Deno.env.get("NO_COLOR") && Deno.env.get("TERM") !== "dumb" &&
    Deno.stdout.isTerminal();
}
