/**
 * The whole merge pipeline behind `graft merge` and `graft fan`: load → merge → post-process →
 * emit.
 *
 * @module
 */

import { type Path, type Value, type YamlMap } from "../core/mod.ts";
import { loadYaml } from "../yaml/load.ts";
import { emitYaml } from "../yaml/emit.ts";
import { mergeDocuments } from "../merge/mod.ts";
import { cherryPick, prunePaths, sortLists } from "../post/mod.ts";
import { parsePath } from "../core/tree.ts";
import type { InputText } from "./io.ts";

/** The flags of `graft merge` that shape the result. */
export interface MergeFlags {
  skipEval?: boolean;
  prune?: readonly string[];
  cherryPick?: readonly string[];
  fallbackAppend?: boolean;
  multiDoc?: boolean;
  goPatch?: boolean;
  keyOrder?: "sorted" | "input";
}

/** A merged document and the warnings met on the way. */
export interface MergeOutcome {
  root: YamlMap;
  warnings: string[];
}

/** One document of an input, named as spruce names it (`file` or `file[i]` for `-m` pieces). */
export interface NamedDocument {
  readonly value: Value;
  readonly file: string;
}

/** Parses inputs into documents (each piece of a multi-document file when `multiDoc`). */
export function loadInputs(inputs: readonly InputText[], multiDoc = false): NamedDocument[] {
  return inputs.flatMap((input) => {
    const docs = loadYaml(input.text, input.name, { multiDoc });
    if (!multiDoc) return [{ value: docs[0] ?? null, file: input.name }];
    return docs.map((value, i) => ({ value, file: `${input.name}[${i}]` }));
  });
}

/** Merges documents and post-processes the result (prune, sort, cherry-pick). */
export function mergeAndFinish(docs: readonly NamedDocument[], flags: MergeFlags): MergeOutcome {
  const merged = mergeDocuments(docs, {
    fallbackAppend: flags.fallbackAppend,
    goPatch: flags.goPatch,
    arrayMergeKey: Deno.env.get("DEFAULT_ARRAY_MERGE_KEY") || undefined,
  });
  const root = merged.root;
  const prune: Path[] = [...merged.prunePaths, ...(flags.prune ?? []).map(parsePath)];
  prunePaths(root, prune);
  sortLists(root, merged.sortPaths);
  const picked = flags.cherryPick?.length
    ? cherryPick(root, flags.cherryPick.map(parsePath))
    : root;
  return { root: picked, warnings: merged.warnings };
}

/** Runs `graft merge` on input texts and returns the YAML text spruce would print. */
export function runMerge(inputs: readonly InputText[], flags: MergeFlags): {
  text: string;
  warnings: string[];
} {
  const outcome = mergeAndFinish(loadInputs(inputs, flags.multiDoc), flags);
  return { text: emitYaml(outcome.root, { keyOrder: flags.keyOrder }) + "\n", ...outcome };
}
