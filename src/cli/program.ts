/**
 * graft's command line, described once as data: the global options and the subcommands, each
 * with its arguments, options and a loader for the module that runs it. `main` parses the
 * arguments against that description and loads only the chosen command's code.
 *
 * @module
 */

import { GraftError, GraftErrors } from "../core/mod.ts";
import {
  checkArguments,
  type CommandSpec,
  findCommand,
  invalidValue,
  type OptionSpec,
  type OptionValues,
  type ParsedArgs,
  parseOptions,
  renderHelp,
  usage,
  UsageError,
} from "./args.ts";
import { writeText } from "./io.ts";
import { ExitCode } from "./exit.ts";
import { type CommandInput, type GlobalFlags, MERGE_OPTIONS } from "./options.ts";

/** graft's version, printed by `graft -v`. */
export const VERSION = "0.1.0";

/** A subcommand and the module that runs it. */
interface Command extends CommandSpec {
  /** Loads the module that runs the command; only the chosen command's is loaded. */
  readonly load: () => Promise<{ run(input: CommandInput): Promise<number> }>;
}

const DESCRIPTION = "Merge YAML/JSON templates and evaluate (( operator )) expressions.";

const USAGE = "graft <command> [options] [files...]";

const HELP: OptionSpec = { name: "help", short: "h", description: "display help for command" };

const MAX_LOOP_ITERATIONS: OptionSpec = {
  name: "max-loop-iterations",
  value: "n",
  description: "cap on (( while )) iterations (default 1000)",
};

/** The options every command takes, before or after its name. */
const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "version", short: "v", description: "print the version and exit" },
  { name: "debug", short: "D", description: "print which file set each value (also: DEBUG=1)" },
  {
    name: "trace",
    short: "T",
    description: "print each call as it runs, implies -D (also: TRACE=1)",
  },
  { name: "color", value: "when", description: "colour output: on (bare --color), off or auto" },
  { name: "no-color", description: "never colour output" },
  MAX_LOOP_ITERATIONS,
  HELP,
];

const FILES = { name: "files", description: "files to merge; '-' reads standard input" };
const GO_PATCH = {
  name: "go-patch",
  description: "treat array-rooted documents as go-patch operations",
};
const MULTI_DOC = {
  name: "multi-doc",
  short: "m",
  description: "treat each document of a multi-document file as a file",
};

/** The subcommands, in the order help lists them. */
const COMMANDS: readonly Command[] = [
  {
    name: "merge",
    description: "Merge YAML/JSON files left to right and evaluate their (( )) expressions.",
    arguments: [{ ...FILES, variadic: true }],
    options: [MULTI_DOC, ...MERGE_OPTIONS],
    load: () => import("./merge.ts"),
  },
  {
    name: "fan",
    description: "Merge a source file onto every document of the target files.",
    arguments: [{
      name: "files",
      description: "the source, then the targets (directories: their YAML/JSON files)",
      variadic: true,
    }],
    options: [
      { ...MULTI_DOC, description: "the source's further documents are targets too" },
      {
        name: "output-dir",
        short: "o",
        value: "dir",
        description: "write each result to DIR/<target file name>",
      },
      ...MERGE_OPTIONS,
    ],
    load: () => import("./fan.ts"),
  },
  {
    name: "json",
    description: "Convert YAML documents to JSON, one compact line per document.",
    arguments: [{
      name: "files",
      description: "files to convert; '-' reads standard input",
      variadic: true,
    }],
    options: [
      { name: "strict", description: "refuse map keys that are not strings" },
      {
        name: "multi-doc",
        description: "print one indented JSON array of every document instead of one per line",
      },
      {
        name: "reverse",
        short: "r",
        description: "convert JSON (one document, or one per line) to YAML instead",
      },
    ],
    load: () => import("./json.ts"),
  },
  {
    name: "diff",
    description: "Show the changes between two YAML/JSON files, path by path.",
    arguments: [
      { name: "from", description: "the old file; '-' reads standard input", required: true },
      { name: "to", description: "the new file; '-' reads standard input", required: true },
    ],
    options: [{ name: "json", description: "print the changes as JSON" }],
    load: () => import("./diff.ts"),
  },
  {
    name: "vaultinfo",
    description: "List the Vault secrets the files would read, without contacting Vault.",
    arguments: [{ ...FILES, variadic: true }],
    options: [GO_PATCH, { name: "json", description: "print JSON instead of YAML" }],
    load: () => import("./vaultinfo.ts"),
  },
  {
    name: "natsinfo",
    description: "List the NATS KV keys and objects a merge would read, without reading them.",
    arguments: [{ ...FILES, variadic: true }],
    options: [{ name: "json", description: "print JSON instead of YAML" }, GO_PATCH, MULTI_DOC],
    load: () => import("./natsinfo.ts"),
  },
  {
    name: "help",
    description: "display help for command",
    arguments: [{ name: "command", description: "the command to describe" }],
    options: [],
    load: () => Promise.resolve({ run: help }),
  },
];

/**
 * Runs the CLI with the given arguments and returns the process exit code. Global options may
 * come before or after the command's name; `-v`/`--version` counts only before it.
 */
export async function main(args: readonly string[]): Promise<number> {
  const argv = colorArgs(args);
  const { index, before } = findCommand(argv, GLOBAL_OPTIONS);
  if (before.has("version")) {
    writeText(Deno.stdout, `graft - Version ${VERSION}\n`);
    return ExitCode.Ok;
  }
  let command: Command | undefined;
  let parsed: ParsedArgs;
  try {
    command = commandNamed(argv[index]);
    parsed = parseOptions(argv.toSpliced(index, 1), [...GLOBAL_OPTIONS, ...command?.options ?? []]);
    if (command && !parsed.options.flag("help")) checkArguments(command, parsed.positionals);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const line = command ? `graft ${usage(command)}` : USAGE;
    writeText(Deno.stderr, `error: ${error.message}\nUsage: ${line}\n`);
    return ExitCode.Usage;
  }
  const { options, positionals } = parsed;
  if (options.flag("help")) {
    writeText(Deno.stdout, helpText(command));
    return ExitCode.Ok;
  }
  if (!command) {
    writeText(Deno.stderr, `Usage: ${USAGE}\n`);
    return ExitCode.Usage;
  }
  try {
    const globals = globalFlags(options);
    const { run } = await command.load();
    return await run({ args: positionals, options, globals });
  } catch (error) {
    return reportError(error);
  }
}

/**
 * The command of that name; none without a name.
 *
 * @throws {UsageError} when there is no command of that name
 */
function commandNamed(name: string | undefined): Command | undefined {
  const command = COMMANDS.find((c) => c.name === name);
  if (name !== undefined && !command) throw new UsageError(`unknown command '${name}'`);
  return command;
}

/** `graft help [command]`: the program's help, or a command's. */
function help({ args: [name] }: CommandInput): Promise<number> {
  writeText(Deno.stdout, helpText(commandNamed(name)));
  return Promise.resolve(ExitCode.Ok);
}

/** The help of a command, or the program's without one. */
function helpText(command: Command | undefined): string {
  if (!command) {
    return renderHelp({
      usage: USAGE,
      description: DESCRIPTION,
      options: GLOBAL_OPTIONS,
      commands: COMMANDS,
    });
  }
  return renderHelp({
    usage: `graft ${usage(command)}`,
    description: command.description,
    arguments: command.arguments,
    options: [...command.options, HELP],
  });
}

const COLOR_VALUES = ["on", "off", "auto", "true", "false"];

/** graft's `--color` spelling: a bare `--color` is `--color=on`, `--color on` is `--color=on`. */
function colorArgs(args: readonly string[]): string[] {
  const rewritten: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") return [...rewritten, ...args.slice(i)];
    if (args[i] !== "--color") rewritten.push(args[i]);
    else if (COLOR_VALUES.includes(args[i + 1])) rewritten.push(`--color=${args[++i]}`);
    else rewritten.push("--color=on");
  }
  return rewritten;
}

/** The global flags' values, checked. */
function globalFlags(options: OptionValues): GlobalFlags {
  return {
    debug: options.flag("debug"),
    trace: options.flag("trace"),
    // A `--no-color` anywhere wins, whatever the order.
    color: options.flag("no-color") ? "off" : colorMode(options.value("color")),
    maxLoopIterations: positiveInteger(options.value(MAX_LOOP_ITERATIONS.name)),
  };
}

/** The colour mode a `--color` value asks for. */
function colorMode(value: string | undefined): "on" | "off" | "auto" {
  if (value === undefined || value === "auto") return "auto";
  if (value === "off" || value === "false") return "off";
  if (value === "on" || value === "true") return "on";
  throw new GraftError(
    "usage",
    `Invalid --color value: "${value}". Must be 'on', 'off', or 'auto'.`,
  );
}

/** A `--max-loop-iterations` value: a positive integer. */
function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw invalidValue(MAX_LOOP_ITERATIONS, text, "It must be a positive integer.");
  }
  return value;
}

/** An input error as spruce prints it: `FILE: message` errors are followed by a blank line. */
function describeInputError(error: GraftError): string {
  return `${error.describe()}\n${error.file === undefined ? "" : "\n"}`;
}

/** Prints an error the way users expect (no stack trace) and returns the exit code. */
function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    writeText(Deno.stderr, `error: ${error.message}\n`);
    return ExitCode.Usage;
  }
  if (error instanceof GraftErrors) {
    const inputs = error.errors.every((e) => e.code === "input");
    writeText(Deno.stderr, inputs ? error.errors.map(describeInputError).join("") : error.message);
    return ExitCode.Runtime;
  }
  if (error instanceof GraftError) {
    writeText(
      Deno.stderr,
      error.code === "input"
        ? describeInputError(error)
        : `${error.describe()}\n${error.explain()}`,
    );
    return error.code === "usage" ? ExitCode.Usage : ExitCode.Runtime;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeText(Deno.stderr, `internal error: ${message}\n`);
  return ExitCode.Runtime;
}
