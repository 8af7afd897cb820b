/**
 * `graft natsinfo [flags] FILE...`: what a merge would read from NATS, without reading it.
 *
 * @module
 */

import { Backends, type Environment, formatPathBare, type Value } from "../core/mod.ts";
import { emitYaml } from "../yaml/mod.ts";
import type { MergeDocument } from "../merge/mod.ts";
import type { CallContext, NatsRequest, Operator } from "../eval/mod.ts";
import { OPERATORS } from "../operators/mod.ts";
import { parseStorePath, resolveSettings } from "../backends/mod.ts";
import { readInputs, writeText } from "./io.ts";
import { loadInputs, mergeAndEvaluate } from "./pipeline.ts";
import { ExitCode } from "./exit.ts";
import { type CommandInput, runEnvironment } from "./options.ts";

/** One store path read from one server, and the YAML paths whose expressions read it. */
export interface NatsRead {
  /** `kv:BUCKET/KEY` or `obj:BUCKET/OBJECT`. */
  readonly path: string;
  /** The server URLs, without credentials. */
  readonly server: string;
  /** Sorted YAML paths, `a.b.0.c` (list entries by name where they have one). */
  readonly references: readonly string[];
}

/** Options of {@link listNatsReads}. */
export interface NatsinfoOptions {
  /** Treat array-rooted documents as go-patch operations. */
  goPatch?: boolean;
  /** Receives merge and evaluation warnings. */
  warn?: (line: string) => void;
}

/**
 * Merges the documents and evaluates their expressions as a merge would, except that each
 * `(( nats ... ))` call only records what it would read (its path and server, from its arguments
 * and the environment) and stands for `<PATH>`; no connection is opened. Vault and AWS calls are
 * skipped. A path built from another NATS value shows that value as `<PATH>`.
 *
 * @returns the reads sorted by path, then server
 * @throws {GraftErrors} when the documents do not merge or evaluate, as `graft merge` would
 */
export async function listNatsReads(
  docs: readonly MergeDocument[],
  env: Environment,
  options: NatsinfoOptions = {},
): Promise<NatsRead[]> {
  const warn = options.warn ?? (() => {});

  const reads = new Map<string, { path: string; server: string; references: Set<string> }>();
  const placeholders = new Set<string>();
  const record = (request: NatsRequest, reference: string): Value => {
    const fromLookup = request.path.includes("<") &&
      [...placeholders].some((p) => request.path.includes(p));
    const path = fromLookup ? request.path : canonicalPath(request.path);
    const server = resolveSettings(env, request.target, request.connection).display;
    const id = `${path}\n${server}`;
    let read = reads.get(id);
    if (!read) reads.set(id, read = { path, server, references: new Set() });
    read.references.add(reference);
    const placeholder = `<${path}>`;
    placeholders.add(placeholder);
    return placeholder;
  };

  const nats = OPERATORS.get("nats")!;
  const recorder: Operator = {
    ...nats,
    run(call, context) {
      const reference = formatPathBare(context.display);
      const backend = { read: (request: NatsRequest) => record(request, reference), close: noop };
      const backends = new Backends(new Map([["nats", () => Promise.resolve(backend)]]));
      return nats.run(call, withBackends(context, backends));
    },
  };
  const registry = new Map(OPERATORS).set("nats", recorder);
  const flags = { goPatch: options.goPatch, skip: new Set(["vault", "aws"]) };
  await mergeAndEvaluate(docs, flags, { env, warn, registry });
  return [...reads.values()]
    .map((read) => ({ ...read, references: [...read.references].sort() }))
    .sort((a, b) => compare(a.path, b.path) || compare(a.server, b.server));
}

/**
 * The reads as `natsinfo` prints them: `reads:`, then one entry per store path and server (YAML
 * followed by a blank line, as `merge` prints; or indented JSON).
 */
export function formatNatsReads(reads: readonly NatsRead[], json: boolean): string {
  if (json) return `${JSON.stringify({ reads }, null, 2)}\n`;
  const entries = reads.map((read) =>
    new Map<string, Value>([
      ["path", read.path],
      ["server", read.server],
      ["references", [...read.references]],
    ])
  );
  return `${emitYaml(new Map([["reads", entries]]), { keyOrder: "input" })}\n`;
}

/** Runs `graft natsinfo`: lists what a merge of the files would read from NATS. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const env = runEnvironment(globals);
  const docs = await loadInputs(await readInputs(args), options.flag("multi-doc"), env);
  const reads = await listNatsReads(docs, env, {
    goPatch: options.flag("go-patch"),
    warn: (line) => writeText(Deno.stderr, `${line}\n`),
  });
  writeText(Deno.stdout, formatNatsReads(reads, options.flag("json")));
  return ExitCode.Ok;
}

/** `kv:BUCKET/KEY` with the store type in lower case, validated as a merge validates it. */
function canonicalPath(text: string): string {
  const { store, bucket, name } = parseStorePath(text);
  return `${store}:${bucket}/${name}`;
}

/** The call's context, with its own backends in the settings. */
function withBackends(context: CallContext, backends: Backends): CallContext {
  return {
    root: context.root,
    path: context.path,
    display: context.display,
    settings: { ...context.settings, backends },
    evaluate: (node) => context.evaluate(node),
    resolve: (ref) => context.resolve(ref),
    prune: (path) => context.prune(path),
    warn: (message) => context.warn(message),
    defer: () => context.defer(),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function noop(): Promise<void> {
  return Promise.resolve();
}
