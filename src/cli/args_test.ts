import { deepStrictEqual, equal, throws } from "node:assert/strict";
import {
  checkArguments,
  type CommandSpec,
  findCommand,
  type OptionSpec,
  parseOptions,
  renderHelp,
  usage,
  UsageError,
} from "./args.ts";

const GLOBALS: OptionSpec[] = [
  { name: "debug", short: "D", description: "debug" },
  { name: "version", short: "v", description: "version" },
  { name: "max", value: "n", description: "a cap" },
];

const MERGE: CommandSpec = {
  name: "merge",
  description: "Merge files.",
  arguments: [{ name: "files", description: "the files", variadic: true }],
  options: [
    { name: "multi-doc", short: "m", description: "split documents" },
    { name: "prune", value: "path", description: "remove a path", repeatable: true },
    {
      name: "key-order",
      value: "order",
      description: "key order",
      choices: ["sorted", "input"],
      default: "sorted",
    },
  ],
};

const DIFF: CommandSpec = {
  name: "diff",
  description: "Compare two files.",
  arguments: [
    { name: "from", description: "the old file", required: true },
    { name: "to", description: "the new file", required: true },
  ],
  options: [],
};

function usageError(message: string) {
  return (error: unknown) => error instanceof UsageError && error.message === message;
}

Deno.test("findCommand: the first positional, skipping the values of the options before it", () => {
  const { index, before } = findCommand(["-D", "--max", "5", "merge", "-v", "a.yml"], GLOBALS);
  equal(index, 3);
  deepStrictEqual([...before].sort(), ["debug", "max"]);
});

Deno.test("findCommand: a command after `--`, and none at all", () => {
  equal(findCommand(["-v", "--", "merge"], GLOBALS).index, 2);
  const none = findCommand(["-Dv"], GLOBALS);
  equal(none.index, 1);
  deepStrictEqual([...none.before].sort(), ["debug", "version"]);
});

Deno.test("parseOptions: options anywhere, grouped shorts, repeats in order, defaults", () => {
  const options = [...GLOBALS, ...MERGE.options];
  const { options: values, positionals } = parseOptions(
    ["a.yml", "-mD", "--prune", "x", "b.yml", "--prune=y", "--", "--max"],
    options,
  );
  deepStrictEqual(positionals, ["a.yml", "b.yml", "--max"]);
  equal(values.flag("multi-doc"), true);
  equal(values.flag("debug"), true);
  equal(values.flag("version"), false);
  deepStrictEqual(values.values("prune"), ["x", "y"]);
  equal(values.value("key-order"), "sorted");
  equal(values.value("max"), undefined);
});

Deno.test("parseOptions: the last value of a non-repeatable option wins", () => {
  const { options } = parseOptions(["--key-order", "sorted", "--key-order=input"], MERGE.options);
  equal(options.value("key-order"), "input");
});

Deno.test("parseOptions: bad options are usage errors naming the option", () => {
  const options = [...GLOBALS, ...MERGE.options];
  throws(() => parseOptions(["--bogus"], options), usageError("unknown option '--bogus'"));
  throws(() => parseOptions(["-mx"], options), usageError("unknown option '-x'"));
  throws(
    () => parseOptions(["--debug=1"], options),
    usageError("option '-D, --debug' takes no argument"),
  );
  throws(
    () => parseOptions(["a.yml", "--prune"], options),
    usageError("option '--prune <path>' argument missing"),
  );
  throws(
    () => parseOptions(["--key-order", "random"], options),
    usageError(
      "option '--key-order <order>' argument 'random' is invalid. " +
        "Allowed choices are sorted, input.",
    ),
  );
});

Deno.test("checkArguments: required and extra positional arguments", () => {
  checkArguments(DIFF, ["a", "b"]);
  checkArguments(MERGE, []);
  checkArguments(MERGE, ["a", "b", "c"]);
  throws(() => checkArguments(DIFF, ["a"]), usageError("missing required argument 'to'"));
  throws(
    () => checkArguments(DIFF, ["a", "b", "c"]),
    usageError("too many arguments for 'diff'. Expected 2 arguments but got 3."),
  );
});

Deno.test("usage: name, [options] when the command has some, then the arguments", () => {
  equal(usage(MERGE), "merge [options] [files...]");
  equal(usage(DIFF), "diff <from> <to>");
});

Deno.test("renderHelp: aligned columns, notes from the declaration, wrapped at 80 columns", () => {
  const long = "a description long enough that it has to be wrapped onto a second line of help";
  const text = renderHelp({
    usage: "prog <command>",
    description: "Does things.",
    options: [...MERGE.options, { name: "long", description: long }],
    commands: [MERGE, DIFF],
  });
  equal(
    text,
    `Usage: prog <command>

Does things.

Options:
  -m, --multi-doc             split documents
  --prune <path>              remove a path (repeatable)
  --key-order <order>         key order (choices: sorted, input; default:
                              sorted)
  --long                      a description long enough that it has to be
                              wrapped onto a second line of help

Commands:
  merge [options] [files...]  Merge files.
  diff <from> <to>            Compare two files.
`,
  );
});
