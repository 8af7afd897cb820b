/**
 * `graft json FILE...`: each YAML document as one line of compact JSON, as spruce prints it; with
 * `--multi-doc` one indented JSON array of them all, with `-r` JSON documents back to YAML.
 *
 * @module
 */

import { GraftError, isMap, type Value } from "../core/mod.ts";
import { emitJson, emitJsonIndent, emitYaml, type JsonOptions, loadYaml } from "../yaml/mod.ts";
import { type InputText, readInputs, writeText } from "./io.ts";
import type { CommandInput } from "./options.ts";
import { ExitCode } from "./exit.ts";
import { NOT_A_MAP } from "./messages.ts";

/** Runs `graft json`: prints the documents of the files as JSON (or, reversed, as YAML). */
export async function run({ args, options }: CommandInput): Promise<number> {
  const inputs = await readInputs(args);
  if (options.flag("reverse")) {
    const documents = inputs.flatMap(jsonDocuments);
    const yaml = documents.map((doc) => `${emitYaml(doc)}\n`);
    writeText(Deno.stdout, yaml.length === 1 ? yaml[0] : yaml.map((y) => `---\n${y}`).join(""));
    return ExitCode.Ok;
  }
  const json: JsonOptions = {
    strict: options.flag("strict"),
    onDuplicate: (key) => writeText(Deno.stderr, `warning: Duplicate key detected: ${key}\n`),
  };
  const multiDoc = options.flag("multi-doc");
  const texts: string[] = [];
  for (const input of inputs) {
    loadYaml(input.text, input.name, { multiDoc: true, expressions: false }).forEach((doc, i) => {
      const file = `${input.name}[${i}]`;
      if (!isMap(doc)) throw new GraftError("input", NOT_A_MAP, { file });
      try {
        texts.push(multiDoc ? emitJsonIndent(doc, "  ", json) : emitJson(doc, json));
      } catch (error) {
        if (error instanceof GraftError) throw new GraftError("input", error.message, { file });
        throw error;
      }
    });
  }
  writeText(Deno.stdout, multiDoc ? `${jsonArray(texts)}\n` : texts.map((t) => `${t}\n`).join(""));
  return ExitCode.Ok;
}

/**
 * Indented JSON texts as the elements of one indented array, as Go's `json.MarshalIndent` writes
 * a list (JSON text has line breaks only between its tokens, so indenting each line is enough).
 */
function jsonArray(texts: readonly string[]): string {
  if (texts.length === 0) return "[]";
  return `[\n  ${texts.map((text) => text.replaceAll("\n", "\n  ")).join(",\n  ")}\n]`;
}

/**
 * The JSON documents of an input: the whole text as one, else one per non-empty line
 * (newline-delimited JSON). When neither reads, the whole text's error is the one reported.
 */
function jsonDocuments(input: InputText): Value[] {
  const read = (text: string) => loadYaml(text, input.name, { expressions: false });
  try {
    return read(input.text);
  } catch (error) {
    try {
      return input.text.split("\n").filter((line) => line.trim() !== "").flatMap(read);
    } catch {
      throw error;
    }
  }
}
