/**
 * `graft json FILE...`: each YAML document as one line of compact JSON, as spruce prints it.
 *
 * @module
 */

import { Command } from "commander";
import { GraftError, isMap } from "../core/mod.ts";
import { emitJson, loadYaml } from "../yaml/mod.ts";
import { readInputs, writeText } from "./io.ts";
import { ExitCode } from "./exit.ts";
import { NOT_A_MAP } from "./messages.ts";

/** The `json` subcommand. */
export function jsonCommand(state: { exitCode: number }): Command {
  return new Command("json")
    .description("Convert YAML documents to JSON, one compact line per document.")
    .argument("[files...]", "files to convert; '-' reads standard input")
    .action(async (files: string[]) => {
      const lines: string[] = [];
      for (const input of await readInputs(files)) {
        loadYaml(input.text, input.name, { multiDoc: true, expressions: false })
          .forEach((doc, i) => {
            if (!isMap(doc)) {
              throw new GraftError("input", NOT_A_MAP, { file: `${input.name}[${i}]` });
            }
            lines.push(emitJson(doc) + "\n");
          });
      }
      writeText(Deno.stdout, lines.join(""));
      state.exitCode = ExitCode.Ok;
    });
}
