/**
 * `graft fan SOURCE TARGET...`: merges the source onto every document of the targets, one result
 * per target document.
 *
 * @module
 */

import { basename, extname, join } from "node:path";
import { deepCopy, GraftError } from "../core/mod.ts";
import { emitYaml } from "../yaml/mod.ts";
import { createBackends } from "../backends/mod.ts";
import type { MergeDocument } from "../merge/mod.ts";
import { describeIoError, readInputs, writeText } from "./io.ts";
import { loadInputs, mergeAndEvaluate } from "./pipeline.ts";
import { type CommandInput, mergeFlags, runEnvironment, runLog } from "./options.ts";
import { ExitCode } from "./exit.ts";

const MISSING_SOURCE =
  "Missing Input: You must specify at least a source document to graft fan. If no files are " +
  "specified, STDIN is used. Using STDIN for source and target docs only works with -m.";

/** Runs `graft fan`: merges the source onto each target document and prints or writes each. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  if (args.length === 0) throw new GraftError("input", MISSING_SOURCE);
  const flags = mergeFlags(options);
  const env = runEnvironment(globals);
  const log = runLog(globals, env);
  const [source, ...targets] = await loadInputs(
    await readInputs(args.slice(0, 1)),
    options.flag("multi-doc"),
    env,
  );
  const targetDocs = [
    ...targets,
    ...await loadInputs(await readInputs(await expandDirectories(args.slice(1))), true, env),
  ];
  const warn = (line: string) => writeText(Deno.stderr, `${line}\n`);
  const results: { file: string; text: string }[] = [];
  let deferred = 0;
  // One set of backends for every target: a secret the targets share is read once.
  const backends = createBackends(env);
  try {
    for (const target of targetDocs) {
      const docs: MergeDocument[] = [{ ...source, value: deepCopy(source.value) }, target];
      const outcome = await mergeAndEvaluate(docs, flags, { env, warn, log, backends });
      deferred += outcome.deferred;
      results.push({
        file: target.file,
        text: emitYaml(outcome.root, { keyOrder: flags.keyOrder }),
      });
    }
  } finally {
    await backends.close();
  }
  const outputDir = options.value("output-dir");
  if (outputDir) await writeResults(outputDir, results);
  else writeText(Deno.stdout, results.map((r) => `---\n${r.text}\n`).join(""));
  return deferred > 0 ? ExitCode.Partial : ExitCode.Ok;
}

/** Replaces each directory by its `.yml`, `.yaml` and `.json` files (sorted, no dot files). */
async function expandDirectories(names: readonly string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const name of names) {
    const info = name === "-" ? undefined : await Deno.stat(name).catch(() => undefined);
    if (!info?.isDirectory) {
      expanded.push(name);
      continue;
    }
    const files: string[] = [];
    for await (const entry of Deno.readDir(name)) {
      const ext = extname(entry.name);
      if (entry.isFile && !entry.name.startsWith(".") && [".yml", ".yaml", ".json"].includes(ext)) {
        files.push(join(name, entry.name));
      }
    }
    expanded.push(...files.sort());
  }
  return expanded;
}

/**
 * Writes each result to `dir/<target file name>` (`name-1.yml`, `name-2.yml`... for the documents
 * of a multi-document target): every result first to a temporary file, then each renamed into
 * place, so that a failure leaves no half-written file.
 */
async function writeResults(dir: string, results: readonly { file: string; text: string }[]) {
  const perFile = new Map<string, number>();
  const source = (file: string) => file.replace(/\[\d+\]$/, "");
  for (const r of results) perFile.set(source(r.file), (perFile.get(source(r.file)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const targets = results.map(({ file }) => {
    const name = basename(source(file));
    const index = (seen.get(source(file)) ?? 0) + 1;
    seen.set(source(file), index);
    const ext = extname(name);
    const stem = name.slice(0, name.length - ext.length);
    return join(dir, perFile.get(source(file))! > 1 ? `${stem}-${index}${ext}` : name);
  });
  const temporary = (target: string) => `${target}.tmp-${Deno.pid}`;
  try {
    await Deno.mkdir(dir, { recursive: true });
    await Promise.all(
      results.map(({ text }, i) => Deno.writeTextFile(temporary(targets[i]), text)),
    );
    for (const target of targets) await Deno.rename(temporary(target), target);
  } catch (error) {
    await Promise.all(targets.map((t) => Deno.remove(temporary(t)).catch(() => {})));
    throw new GraftError("input", `cannot write to ${dir}: ${describeIoError(error)}`);
  }
}
