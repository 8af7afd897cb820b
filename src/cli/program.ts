/**
 * The commander program: global flags, subcommands, help and usage errors.
 *
 * @module
 */

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { GraftError, GraftErrors } from "../core/mod.ts";
import { writeText } from "./io.ts";
import { mergeCommand } from "./merge.ts";
import { jsonCommand } from "./json.ts";
import { fanCommand } from "./fan.ts";
import { diffCommand } from "./diff.ts";
import { vaultinfoCommand } from "./vaultinfo.ts";
import { natsinfoCommand } from "./natsinfo.ts";
import { ExitCode } from "./exit.ts";

/** graft's version, printed by `graft -v`. */
export const VERSION = "0.1.0";

const USAGE = "Usage: graft <command> [options] [files...]\n";

/** Builds the commander program; each subcommand's action sets `state.exitCode`. */
function buildProgram(state: { exitCode: number }): Command {
  const program = new Command("graft")
    .description("Merge YAML/JSON templates and evaluate (( operator )) expressions.")
    .usage("<command> [options] [files...]")
    .addOption(new Option("-v, --version", "print the version and exit"))
    .addOption(new Option("-D, --debug", "print which file set each value (also: DEBUG=1)"))
    .addOption(new Option("-T, --trace", "print each call as it runs, implies -D (also: TRACE=1)"))
    .addOption(
      new Option("--color <when>", "colour output: on (bare --color), off or auto")
        // A `--no-color` anywhere wins, whatever the order.
        .argParser((when: string, previous: unknown) => previous === false ? false : when),
    )
    .addOption(new Option("--no-color", "never colour output"))
    .addOption(
      new Option("--max-loop-iterations <n>", "cap on (( while )) iterations (default 1000)")
        .argParser(positiveInteger),
    )
    .hook("preAction", () => {
      const { color, version } = program.opts();
      if (!version) program.setOptionValue("color", colorMode(color));
    })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => writeText(Deno.stdout, text),
      writeErr: (text) => writeText(Deno.stderr, text),
    })
    .helpCommand(true)
    .argument("[command]")
    .action((command?: string) => {
      if (program.opts().version) {
        writeText(Deno.stdout, `graft - Version ${VERSION}\n`);
        state.exitCode = ExitCode.Ok;
      } else {
        if (command !== undefined) writeText(Deno.stderr, `error: unknown command '${command}'\n`);
        writeText(Deno.stderr, USAGE);
        state.exitCode = ExitCode.Usage;
      }
    });
  const commands = [
    mergeCommand(state),
    fanCommand(state),
    jsonCommand(state),
    diffCommand(state),
    vaultinfoCommand(state),
    natsinfoCommand(state),
  ];
  for (const command of commands) {
    program.addCommand(
      command.showHelpAfterError(`Usage: graft ${command.name()} ${command.usage()}`),
    );
  }
  return program;
}

/** Runs the CLI with the given arguments and returns the process exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const state = { exitCode: ExitCode.Ok };
  try {
    await buildProgram(state).parseAsync(colorArgs(args), { from: "user" });
    return state.exitCode;
  } catch (error) {
    return reportError(error);
  }
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

/** The colour mode the `--color`/`--no-color` flags ask for (`false` is `--no-color`). */
function colorMode(value: string | false | undefined): "on" | "off" | "auto" {
  if (value === undefined || value === "auto") return "auto";
  if (value === false || value === "off" || value === "false") return "off";
  if (value === "on" || value === "true") return "on";
  throw new GraftError(
    "usage",
    `Invalid --color value: "${value}". Must be 'on', 'off', or 'auto'.`,
  );
}

/** A `--max-loop-iterations` value: a positive integer. */
function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError("It must be a positive integer.");
  }
  return value;
}

/** An input error as spruce prints it: `FILE: message` errors are followed by a blank line. */
function describeInputError(error: GraftError): string {
  return `${error.describe()}\n${error.file === undefined ? "" : "\n"}`;
}

/** Prints an error the way users expect (no stack trace) and returns the exit code. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version output are not errors; commander already printed the message.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.help") {
      return ExitCode.Ok;
    }
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
