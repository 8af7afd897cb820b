/**
 * `graft json FILE...`: each YAML document as one line of compact JSON, as spruce prints it.
 *
 * @module
 */

import { GraftError, isMap } from "../core/mod.ts";
import { emitJson, loadYaml } from "../yaml/mod.ts";
import { readInputs, writeText } from "./io.ts";
import type { CommandInput } from "./options.ts";
import { ExitCode } from "./exit.ts";
import { NOT_A_MAP } from "./messages.ts";

/** Runs `graft json`: prints each document of the files as a line of JSON. */
export async function run({ args }: CommandInput): Promise<number> {
  const lines: string[] = [];
  for (const input of await readInputs(args)) {
    loadYaml(input.text, input.name, { multiDoc: true, expressions: false })
      .forEach((doc, i) => {
        if (!isMap(doc)) {
          throw new GraftError("input", NOT_A_MAP, { file: `${input.name}[${i}]` });
        }
        lines.push(emitJson(doc) + "\n");
      });
  }
  writeText(Deno.stdout, lines.join(""));
  return ExitCode.Ok;
}
