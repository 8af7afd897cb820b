/**
 * What the commands share: the global flags, the merge flags of `merge` and `fan`, and what the
 * global flags (`-D`, `-T`, `--max-loop-iterations`) make of a run's environment and logs.
 *
 * @module
 */

import type { Environment } from "../core/mod.ts";
import type { OptionSpec, OptionValues } from "./args.ts";
import type { Log, MergeFlags } from "./pipeline.ts";
import { writeText } from "./io.ts";

/** The global flags, checked. */
export interface GlobalFlags {
  /** `-D`/`--debug`. */
  readonly debug: boolean;
  /** `-T`/`--trace`. */
  readonly trace: boolean;
  /** `--color`/`--no-color`. */
  readonly color: "on" | "off" | "auto";
  /** `--max-loop-iterations`. */
  readonly maxLoopIterations?: number;
}

/** What a subcommand runs with. */
export interface CommandInput {
  /** The positional arguments, in order. */
  readonly args: readonly string[];
  /** The values of the command's options. */
  readonly options: OptionValues;
  readonly globals: GlobalFlags;
}

/** The flags that shape a merge (`merge` and `fan` share them). */
export const MERGE_OPTIONS: readonly OptionSpec[] = [
  { name: "skip-eval", description: "merge only: do not evaluate (( )) expressions" },
  {
    name: "prune",
    value: "path",
    description: "remove this path from the output",
    repeatable: true,
  },
  {
    name: "cherry-pick",
    value: "path",
    description: "keep only this path in the output",
    repeatable: true,
  },
  {
    name: "fallback-append",
    description: "append instead of merging arrays inline when no key matches",
  },
  { name: "go-patch", description: "treat array-rooted documents as go-patch operations" },
  {
    name: "skip-nats",
    description: "leave (( nats ... )) expressions in the output unevaluated (exit 3)",
  },
  {
    name: "skip-vault",
    description: "leave (( vault ... )) expressions in the output unevaluated (exit 3)",
  },
  {
    name: "skip-aws",
    description: "leave (( awsparam/awssecret ... )) expressions unevaluated (exit 3)",
  },
  {
    name: "key-order",
    value: "order",
    description: "order of map keys in the output",
    choices: ["sorted", "input"],
    default: "sorted",
  },
];

/** The merge flags a command's options ask for. */
export function mergeFlags(options: OptionValues): MergeFlags {
  return {
    skipEval: options.flag("skip-eval"),
    prune: options.values("prune"),
    cherryPick: options.values("cherry-pick"),
    fallbackAppend: options.flag("fallback-append"),
    goPatch: options.flag("go-patch"),
    multiDoc: options.flag("multi-doc"),
    keyOrder: options.value("key-order") === "input" ? "input" : "sorted",
    skip: new Set(["nats", "vault", "aws"].filter((name) => options.flag(`skip-${name}`))),
  };
}

/** The environment a run reads: the process's, with `--max-loop-iterations` standing in. */
export function runEnvironment(globals: GlobalFlags): Environment {
  const max = globals.maxLoopIterations;
  return (name) =>
    name === "GRAFT_MAX_LOOP_ITERATIONS" && max !== undefined ? String(max) : Deno.env.get(name);
}

/** spruce's reading of `DEBUG`/`TRACE`: on unless empty, `false` (any case) or `0`. */
function envFlag(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Where `-D`/`--debug` (or `DEBUG`) and `-T`/`--trace` (or `TRACE`, which implies debug) log. */
export function runLog(globals: GlobalFlags, env: Environment): Log {
  const trace = globals.trace || envFlag(env("TRACE"));
  const debug = trace || globals.debug || envFlag(env("DEBUG"));
  const line = (prefix: string) => (text: string) => writeText(Deno.stderr, `${prefix}${text}\n`);
  return { debug: debug ? line("DEBUG> ") : undefined, trace: trace ? line("TRACE> ") : undefined };
}
