/**
 * A command line described as data: options, positional arguments and subcommands are declared
 * once, then parsed (with `node:util`'s `parseArgs`), checked and rendered as help from that
 * declaration.
 *
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/** One option: `--name`, maybe with a one-letter alias and a value. */
export interface OptionSpec {
  /** The long name without its dashes: `prune` is `--prune`. */
  readonly name: string;
  /** A one-letter alias without its dash: `m` is `-m`. */
  readonly short?: string;
  /** The value's name in help (`--prune <path>`); an option without one is a flag. */
  readonly value?: string;
  /** One line for help. */
  readonly description: string;
  /** The option may be given several times; its values are kept in order. */
  readonly repeatable?: boolean;
  /** The only values allowed. */
  readonly choices?: readonly string[];
  /** The value when the option is not given. */
  readonly default?: string;
}

/** One positional argument of a command. */
export interface ArgumentSpec {
  readonly name: string;
  /** One line for help. */
  readonly description: string;
  /** `<name>`: it must be given (required arguments come first). */
  readonly required?: boolean;
  /** `[name...]`: it takes every remaining argument (the last argument only). */
  readonly variadic?: boolean;
}

/** One subcommand. */
export interface CommandSpec {
  readonly name: string;
  /** One line for help. */
  readonly description: string;
  readonly arguments: readonly ArgumentSpec[];
  /** The command's own options (the program's global options apply as well). */
  readonly options: readonly OptionSpec[];
}

/** A bad command line: an unknown option or command, a bad value, a missing or extra argument. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The values of a command line's options, by long name. */
export class OptionValues {
  readonly #values: Readonly<Record<string, unknown>>;

  constructor(values: Readonly<Record<string, unknown>>) {
    this.#values = values;
  }

  /** Whether a flag was given. */
  flag(name: string): boolean {
    return this.#values[name] === true;
  }

  /** An option's value (the last one given), its default, or `undefined`. */
  value(name: string): string | undefined {
    const value = this.#values[name];
    return typeof value === "string" ? value : undefined;
  }

  /** A repeatable option's values, in order. */
  values(name: string): readonly string[] {
    const values = this.#values[name];
    return Array.isArray(values) ? values : [];
  }
}

/** The options and positional arguments of a command line. */
export interface ParsedArgs {
  readonly options: OptionValues;
  readonly positionals: string[];
}

/** `parseArgs`'s description of the options. */
function parseArgsOptions(options: readonly OptionSpec[]): ParseArgsOptionsConfig {
  const config: ParseArgsOptionsConfig = {};
  for (const option of options) {
    config[option.name] = {
      type: option.value === undefined ? "boolean" : "string",
      ...(option.short === undefined ? {} : { short: option.short }),
      ...(option.repeatable ? { multiple: true } : {}),
      ...(option.default === undefined ? {} : { default: option.default }),
    };
  }
  return config;
}

/** The tokens of a command line, read leniently: unknown options are taken for flags. */
function tokenize(args: readonly string[], options: readonly OptionSpec[]) {
  return parseArgs({
    args: [...args],
    options: parseArgsOptions(options),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
}

/**
 * Finds the subcommand's name: the first positional argument, reading the options before it as
 * the given (global) ones.
 *
 * @returns the name's index (`args.length` when there is none) and the long names of the
 * options given before it
 */
export function findCommand(
  args: readonly string[],
  options: readonly OptionSpec[],
): { index: number; before: ReadonlySet<string> } {
  const { tokens } = tokenize(args, options);
  const index = tokens.find((token) => token.kind === "positional")?.index ?? args.length;
  const before = tokens.flatMap((token) =>
    token.kind === "option" && token.index < index ? [token.name] : []
  );
  return { index, before: new Set(before) };
}

/**
 * Parses a command line against its options: options and positional arguments may come in any
 * order, `--` ends the options. `parseArgs` reads it leniently; the checks are made here, so that
 * each message names the option as help shows it.
 *
 * @throws {UsageError} for an unknown option, a flag given a value, a missing value or a value
 * not among an option's choices
 */
export function parseOptions(args: readonly string[], options: readonly OptionSpec[]): ParsedArgs {
  const { values, positionals, tokens } = tokenize(args, options);
  const byName = new Map(options.map((option) => [option.name, option]));
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = byName.get(token.name);
    if (option === undefined) throw new UsageError(`unknown option '${token.rawName}'`);
    if (option.value === undefined) {
      if (token.value !== undefined) {
        throw new UsageError(`option '${optionTerm(option)}' takes no argument`);
      }
    } else if (token.value === undefined) {
      throw new UsageError(`option '${optionTerm(option)}' argument missing`);
    } else if (option.choices && !option.choices.includes(token.value)) {
      throw invalidValue(
        option,
        token.value,
        `Allowed choices are ${option.choices.join(", ")}.`,
      );
    }
  }
  return { options: new OptionValues(values), positionals };
}

/** The error for an option's value that is not allowed, and why. */
export function invalidValue(option: OptionSpec, value: string, reason: string): UsageError {
  return new UsageError(`option '${optionTerm(option)}' argument '${value}' is invalid. ${reason}`);
}

/**
 * Checks that a command got as many positional arguments as it takes.
 *
 * @throws {UsageError} when a required argument is missing or there are too many
 */
export function checkArguments(command: CommandSpec, positionals: readonly string[]): void {
  const missing = command.arguments.find((argument, i) =>
    argument.required && i >= positionals.length
  );
  if (missing) throw new UsageError(`missing required argument '${missing.name}'`);
  const most = command.arguments.length;
  if (positionals.length > most && !command.arguments.some((argument) => argument.variadic)) {
    throw new UsageError(
      `too many arguments for '${command.name}'. Expected ${most} argument${
        most === 1 ? "" : "s"
      } but got ${positionals.length}.`,
    );
  }
}

/** A command's usage after the program's name: `merge [options] [files...]`. */
export function usage(command: CommandSpec): string {
  const words = [command.name, ...(command.options.length > 0 ? ["[options]"] : [])];
  for (const { name, required, variadic } of command.arguments) {
    const word = variadic ? `${name}...` : name;
    words.push(required ? `<${word}>` : `[${word}]`);
  }
  return words.join(" ");
}

/** An option as help and messages show it: `-o, --output-dir <dir>`. */
function optionTerm(option: OptionSpec): string {
  const short = option.short === undefined ? "" : `-${option.short}, `;
  return `${short}--${option.name}${option.value === undefined ? "" : ` <${option.value}>`}`;
}

/** An option's description in help, with what the declaration adds to it. */
function optionDescription(option: OptionSpec): string {
  const notes = [
    ...(option.repeatable ? ["repeatable"] : []),
    ...(option.choices ? [`choices: ${option.choices.join(", ")}`] : []),
    ...(option.default === undefined ? [] : [`default: ${option.default}`]),
  ];
  return notes.length === 0 ? option.description : `${option.description} (${notes.join("; ")})`;
}

/** What a help page shows. */
export interface HelpPage {
  /** The usage line, after `Usage: `. */
  readonly usage: string;
  readonly description: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  readonly commands?: readonly CommandSpec[];
}

/** Help is wrapped to this many columns. */
const COLUMNS = 80;

/** Wraps a text at spaces into lines of at most `COLUMNS - indent` characters, indenting each. */
function wrap(text: string, indent: number): string {
  const lines = [""];
  for (const word of text.split(" ")) {
    const line = lines[lines.length - 1];
    if (line === "") lines[lines.length - 1] = word;
    else if (indent + line.length + 1 + word.length > COLUMNS) lines.push(word);
    else lines[lines.length - 1] = `${line} ${word}`;
  }
  return lines.join(`\n${" ".repeat(indent)}`);
}

/**
 * Renders a help page: the usage line, the description, then the arguments, options and
 * commands, each with its description in one aligned column.
 */
export function renderHelp(page: HelpPage): string {
  const sections: [string, [string, string][]][] = [
    ["Arguments", (page.arguments ?? []).map((a) => [a.name, a.description])],
    ["Options", page.options.map((o) => [optionTerm(o), optionDescription(o)])],
    ["Commands", (page.commands ?? []).map((c) => [usage(c), c.description])],
  ];
  const shown = sections.filter(([, rows]) => rows.length > 0);
  const width = Math.max(...shown.flatMap(([, rows]) => rows.map(([term]) => term.length)));
  const blocks = shown.map(([title, rows]) =>
    `${title}:\n${
      rows.map(([term, text]) => `  ${term.padEnd(width)}  ${wrap(text, width + 4)}\n`).join("")
    }`
  );
  return [`Usage: ${page.usage}\n`, `${page.description}\n`, ...blocks].join("\n");
}
