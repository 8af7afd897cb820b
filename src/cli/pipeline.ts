/**
 * The whole merge pipeline behind `graft merge`: load → merge → evaluate → post-process → emit.
 *
 * @module
 */

import {
  type Backends,
  containsExpression,
  type Environment,
  GraftError,
  parsePath,
  type TreePath,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import {
  ControlFlowError,
  createOriginFinder,
  emitYaml,
  loadTemplate,
  loadYaml,
} from "../yaml/mod.ts";
import { attributePaths, type MergeDocument, mergeDocuments } from "../merge/mod.ts";
import type { Registry } from "../eval/mod.ts";
import { cherryPick, prunePaths, sortLists } from "../post/mod.ts";
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
  /** Backends whose calls stay in the output unevaluated: "nats", "vault", "aws". */
  skip?: ReadonlySet<string>;
}

/** A merged, evaluated and post-processed document. */
export interface MergeOutcome {
  readonly root: YamlMap;
  /** How many calls were left in the output on purpose (skipped backends): exit code 3. */
  readonly deferred: number;
}

/** Where `-D`/`--debug` and `-T`/`--trace` lines go, when they are on. */
export interface Log {
  /** Which file set each value. */
  readonly debug?: (line: string) => void;
  /** Each call as it finishes, with its outcome (secrets hidden). */
  readonly trace?: (line: string) => void;
}

/** How a run is set up besides its flags. */
export interface RunSetup {
  /** The environment the run reads. */
  readonly env: Environment;
  /** Receives warning lines as they happen. */
  readonly warn: (line: string) => void;
  /** `-D`/`-T` output. */
  readonly log?: Log;
  /** The operators; graft's own when absent (the info commands swap in recorders). */
  readonly registry?: Registry;
  /** Backends shared by several merges (`fan`); each merge opens and closes its own otherwise. */
  readonly backends?: Backends;
  /** Secret operators answer `REDACTED` without contacting anything (also when `REDACT` is set). */
  readonly redact?: boolean;
}

/** The expression language: the evaluate stage, operators and backends (`./language.ts`). */
type Language = typeof import("./language.ts");

/** The expression language, loaded on first use. */
function language(): Promise<Language> {
  return import("./language.ts");
}

/**
 * Parses one input, its control flow expanded first when the input may hold some (the language
 * is given then); a YAML error is framed as spruce frames it.
 */
async function parseInput(
  input: InputText,
  multiDoc: boolean,
  env: Environment,
  language: Language | undefined,
): Promise<Value[]> {
  try {
    if (!language) return loadYaml(input.text, input.name, { multiDoc });
    return await loadTemplate(input.text, input.name, {
      multiDoc,
      semantics: language.SEMANTICS,
      operators: language.OPERATORS.keys(),
      env,
    });
  } catch (error) {
    if (!(error instanceof GraftError) || error instanceof ControlFlowError) throw error;
    throw new GraftError("input", `unmarshal []byte to yaml failed: ${error.message}`, {
      file: error.file,
      origin: error.origin,
      cause: error,
    });
  }
}

/**
 * Parses inputs into documents (each piece of a multi-document file when `multiDoc`). Control
 * flow, like every expression, starts with `((`: only inputs that hold it load the language.
 */
export async function loadInputs(
  inputs: readonly InputText[],
  multiDoc: boolean,
  env: Environment,
): Promise<MergeDocument[]> {
  const expressive = inputs.some((input) => input.text.includes("(("));
  const loaded = expressive ? await language() : undefined;
  const documents: MergeDocument[] = [];
  for (const input of inputs) {
    const docs = await parseInput(input, multiDoc, env, loaded);
    const located = (value: Value, file: string, document: number): MergeDocument => ({
      value,
      file,
      locate: createOriginFinder(input.text, input.name, { document }),
    });
    if (!multiDoc) documents.push(located(docs[0] ?? null, input.name, 0));
    else docs.forEach((value, i) => documents.push(located(value, `${input.name}[${i}]`, i)));
  }
  return documents;
}

/**
 * Merges documents, evaluates their expressions (unless `skipEval`; the evaluate stage is loaded
 * only when there are some) and post-processes the result: prune, sort, cherry-pick.
 */
export async function mergeAndEvaluate(
  docs: readonly MergeDocument[],
  flags: MergeFlags,
  setup: RunSetup,
): Promise<MergeOutcome> {
  const { env, warn, log = {} } = setup;
  const arrayMergeKey = env("DEFAULT_ARRAY_MERGE_KEY") || undefined;
  const merged = mergeDocuments(docs, {
    fallbackAppend: flags.fallbackAppend,
    goPatch: flags.goPatch,
    arrayMergeKey,
  });
  merged.warnings.forEach(warn);
  if (log.debug) {
    for (const [path, file] of attributePaths(docs)) log.debug(`${path}: set by ${file}`);
  }
  const root = merged.root;
  const prune: TreePath[] = [...merged.prunePaths];
  const sorts = [...merged.sortPaths];
  let deferred = 0;
  if (!flags.skipEval && containsExpression(root)) {
    const { createBackends, evaluateDocument, OPERATORS } = await language();
    const backends = setup.backends ?? createBackends(env);
    try {
      const evaluated = await evaluateDocument(root, {
        registry: setup.registry ?? OPERATORS,
        settings: {
          env,
          arrayMergeKey,
          backends,
          skip: flags.skip,
          redact: setup.redact || !!env("REDACT"),
        },
        onWarning: (message) => warn(`warning: ${message}`),
        only: flags.cherryPick?.map(parsePath),
        trace: log.trace,
      });
      prune.push(...evaluated.prunePaths);
      sorts.push(...evaluated.sortPaths);
      deferred = evaluated.deferred;
    } finally {
      if (!setup.backends) await backends.close();
    }
  }
  prune.push(...(flags.prune ?? []).map(parsePath));
  const options = { arrayMergeKey };
  prunePaths(root, prune, options);
  sortLists(root, sorts, options);
  const picked = flags.cherryPick?.length
    ? cherryPick(root, flags.cherryPick.map(parsePath), options)
    : root;
  return { root: picked, deferred };
}

/** Runs `graft merge` on input texts: the YAML text spruce would print, and the deferred count. */
export async function runMerge(
  inputs: readonly InputText[],
  flags: MergeFlags,
  setup: RunSetup,
): Promise<{ text: string; deferred: number }> {
  const docs = await loadInputs(inputs, flags.multiDoc ?? false, setup.env);
  const { root, deferred } = await mergeAndEvaluate(docs, flags, setup);
  return { text: emitYaml(root, { keyOrder: flags.keyOrder }) + "\n", deferred };
}
