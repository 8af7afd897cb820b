/**
 * Options shared by several commands: the merge flags of `merge` and `fan`, and what the global
 * flags (`-D`, `-T`, `--max-loop-iterations`) make of a run's environment and logs.
 *
 * @module
 */

import { type Command, Option } from "commander";
import type { Environment } from "../core/mod.ts";
import type { Log, MergeFlags } from "./pipeline.ts";
import { writeText } from "./io.ts";

/** Collects a repeatable option's values (commander's option argument parser). */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds the flags that shape a merge (`merge` and `fan` share them). */
export function addMergeOptions(command: Command): Command {
  return command
    .option("--skip-eval", "merge only: do not evaluate (( )) expressions")
    .option("--prune <path>", "remove this path from the output (repeatable)", collect, [])
    .option("--cherry-pick <path>", "keep only this path in the output (repeatable)", collect, [])
    .option("--fallback-append", "append instead of merging arrays inline when no key matches")
    .option("--go-patch", "treat array-rooted documents as go-patch operations")
    .option("--skip-nats", "leave (( nats ... )) expressions in the output unevaluated (exit 3)")
    .option("--skip-vault", "leave (( vault ... )) expressions in the output unevaluated (exit 3)")
    .option("--skip-aws", "leave (( awsparam/awssecret ... )) expressions unevaluated (exit 3)")
    .addOption(
      new Option("--key-order <order>", "order of map keys in the output")
        .choices(["sorted", "input"])
        .default("sorted"),
    );
}

/** The merge flags a command's parsed options ask for. */
export function mergeFlags(options: Record<string, unknown>): MergeFlags {
  const skip = [["nats", options.skipNats], ["vault", options.skipVault], ["aws", options.skipAws]]
    .flatMap(([name, on]) => on ? [name as string] : []);
  return {
    skipEval: options.skipEval as boolean | undefined,
    prune: options.prune as string[],
    cherryPick: options.cherryPick as string[],
    fallbackAppend: options.fallbackAppend as boolean | undefined,
    goPatch: options.goPatch as boolean | undefined,
    multiDoc: options.multiDoc as boolean | undefined,
    keyOrder: options.keyOrder as MergeFlags["keyOrder"],
    skip: new Set(skip),
  };
}

/** The environment a run reads: the process's, with `--max-loop-iterations` standing in. */
export function runEnvironment(command: Command): Environment {
  const max = command.optsWithGlobals().maxLoopIterations as number | undefined;
  return (name) =>
    name === "GRAFT_MAX_LOOP_ITERATIONS" && max !== undefined ? String(max) : Deno.env.get(name);
}

/** spruce's reading of `DEBUG`/`TRACE`: on unless empty, `false` (any case) or `0`. */
function envFlag(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Where `-D`/`--debug` (or `DEBUG`) and `-T`/`--trace` (or `TRACE`, which implies debug) log. */
export function runLog(command: Command, env: Environment): Log {
  const globals = command.optsWithGlobals();
  const trace = Boolean(globals.trace) || envFlag(env("TRACE"));
  const debug = trace || Boolean(globals.debug) || envFlag(env("DEBUG"));
  const line = (prefix: string) => (text: string) => writeText(Deno.stderr, `${prefix}${text}\n`);
  return { debug: debug ? line("DEBUG> ") : undefined, trace: trace ? line("TRACE> ") : undefined };
}
