/**
 * Reading inputs and writing outputs for the CLI.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";

/** One input text and the name messages use for it (`STDIN` for `-`). */
export interface InputText {
  readonly name: string;
  readonly text: string;
}

const STDIN_EMPTY =
  "Error reading STDIN: no data found. Did you forget to pipe data to STDIN, or specify yaml files to merge?";

/** Reads all of standard input as text; nothing at all is spruce's "no data found" error. */
async function readStdin(): Promise<string> {
  const text = await new Response(Deno.stdin.readable).text();
  if (text === "") throw new GraftError("input", STDIN_EMPTY);
  return text;
}

/**
 * True when standard input is a terminal or another character device such as `/dev/null`: nothing
 * is piped in. Without `/dev/stdin` or the permission to stat it, only a terminal counts.
 */
function stdinIsDevice(): boolean {
  if (Deno.stdin.isTerminal()) return true;
  try {
    return Deno.statSync("/dev/stdin").isCharDevice === true;
  } catch {
    return false;
  }
}

/**
 * Reads the named files concurrently, in argument order; `-` is standard input. With no names,
 * standard input is read, unless nothing is piped in (spruce's "no data found" error).
 */
export async function readInputs(names: readonly string[]): Promise<InputText[]> {
  if (names.length === 0) {
    if (stdinIsDevice()) throw new GraftError("input", STDIN_EMPTY);
    return [{ name: "STDIN", text: await readStdin() }];
  }
  let stdin: Promise<string> | undefined;
  return await Promise.all(names.map(async (name) => {
    if (name === "-") {
      stdin ??= readStdin();
      return { name: "STDIN", text: await stdin };
    }
    return { name, text: await readFile(name) };
  }));
}

/** Reads one file as text, with spruce's `Error reading file` message on failure. */
async function readFile(name: string): Promise<string> {
  try {
    return await Deno.readTextFile(name);
  } catch (error) {
    const reason = describeIoError(error);
    throw new GraftError("input", `Error reading file ${name}: open ${name}: ${reason}`, {
      cause: error,
    });
  }
}

/** A short reason for a file-system error, without Deno's stack or call details. */
export function describeIoError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or directory";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "is a directory";
  if (error instanceof Error) return error.message.replace(/: (readfile|open) '.*'$/, "");
  return String(error);
}

const encoder = new TextEncoder();

/**
 * Writes all of a text to a stream (stdout or stderr), looping over short writes. A reader that
 * went away (`graft ... | head`) ends the writing quietly.
 */
export function writeText(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
  } catch (error) {
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
  }
}
