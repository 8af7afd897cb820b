/**
 * `graft diff FROM TO`: what changed between two YAML/JSON files, path by path, document by
 * document. Exit 0 when they are the same, 1 when they differ, 2 when one cannot be read.
 *
 * @module
 */

import { loadYaml } from "../yaml/mod.ts";
import { diffDocuments, renderJson, renderText } from "../diff/mod.ts";
import { type InputText, readInputs, writeText } from "./io.ts";
import type { CommandInput } from "./options.ts";
import { ExitCode } from "./exit.ts";

/** Runs `graft diff`: prints the changes from the first file to the second. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const [fromInput, toInput] = await readInputs(args);
  const load = (input: InputText) => loadYaml(input.text, input.name, { multiDoc: true });
  const fromDocs = load(fromInput);
  const toDocs = load(toInput);
  const documents = diffDocuments(fromDocs, toDocs);
  const report = options.flag("json")
    ? renderJson(documents, { from: fromInput.name, to: toInput.name })
    : renderText(documents, {
      color: useColor(globals.color),
      documentHeaders: fromDocs.length > 1 || toDocs.length > 1,
    });
  writeText(Deno.stdout, report);
  return documents.length === 0 ? ExitCode.Ok : ExitCode.Different;
}

/**
 * Whether to colour the report for the global `--color` setting: `auto` colours only a
 * terminal, and only when `NO_COLOR` is empty and `TERM` is not `dumb`.
 */
function useColor(mode: "on" | "off" | "auto"): boolean {
  if (mode !== "auto") return mode === "on";
  return !Deno.env.get("NO_COLOR") && Deno.env.get("TERM") !== "dumb" &&
    Deno.stdout.isTerminal();
}
