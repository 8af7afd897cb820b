/**
 * The commander program: global flags, subcommands, help and usage errors.
 *
 * @module
 */

import { Command, CommanderError, Option } from "commander";
import { GraftError, GraftErrors } from "../core/mod.ts";
import { writeText } from "./io.ts";
import { mergeCommand } from "./merge.ts";
import { jsonCommand } from "./json.ts";
import { fanCommand } from "./fan.ts";
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
  for (const command of [mergeCommand(state), fanCommand(state), jsonCommand(state)]) {
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
    await buildProgram(state).parseAsync([...args], { from: "user" });
    return state.exitCode;
  } catch (error) {
    return reportError(error);
  }
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
      error.code === "input" ? describeInputError(error) : `${error.describe()}\n`,
    );
    return error.code === "usage" ? ExitCode.Usage : ExitCode.Runtime;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeText(Deno.stderr, `internal error: ${message}\n`);
  return ExitCode.Runtime;
}
