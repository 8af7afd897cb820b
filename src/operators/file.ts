/**
 * `(( file PATH ))` / `(( file DIR NAME ))`: a file's contents as a string. Also the file-path
 * rule that `load` shares.
 *
 * @module
 */

import { GraftError, isScalar, scalarText } from "../core/mod.ts";
import type { CallContext, EvalSettings, Operator } from "../eval/mod.ts";
import { type Node, render } from "../expr/mod.ts";

/**
 * The `file` operator: reads a file as UTF-8 text. A relative path is taken from
 * `GRAFT_FILE_BASE_PATH`, else `SPRUCE_FILE_BASE_PATH`, else the working directory; with two
 * arguments, the second is a file name in the directory the first names.
 *
 * @example
 * ```yaml
 * meta:
 *   certs: certs
 * tls:
 *   cert: (( file "certs/server.crt" ))
 *   key: (( file meta.certs "server.key" ))
 * ```
 */
export const file: Operator = {
  async run(call, context) {
    if (call.args.length !== 1 && call.args.length !== 2) {
      throw new GraftError(
        "eval",
        "file operator requires exactly one string or reference argument",
      );
    }
    const parts = [];
    for (const arg of call.args) parts.push(await pathArgument(arg, context, "tried to read file"));
    const path = await resolveFilePath(await joinPath(...parts), context.settings.env);
    try {
      return await Deno.readTextFile(path);
    } catch (error) {
      throw new GraftError(
        "eval",
        `tried to read file ${path}: could not be read - ${describeReadError(error, path)}`,
      );
    }
  },
};

/**
 * The text of a path argument: a string or other scalar as Go's `%v` prints it. A map or list is
 * an error, `<action> X, which is not a string scalar`.
 */
export async function pathArgument(
  node: Node,
  context: CallContext,
  action: string,
): Promise<string> {
  const value = await context.evaluate(node);
  if (!isScalar(value)) {
    const text = node.kind === "ref" ? node.text : render(node);
    throw new GraftError("eval", `${action} ${text}, which is not a string scalar`);
  }
  return scalarText(value);
}

/**
 * Where a file path points: an absolute path as it is, a relative one under
 * `GRAFT_FILE_BASE_PATH`, else `SPRUCE_FILE_BASE_PATH` (else left relative to the working
 * directory), cleaned as Go's `filepath.Join` cleans it: `./a/../b.yml` under the base path
 * `../base/` is `../base/b.yml`.
 */
export async function resolveFilePath(path: string, env: EvalSettings["env"]): Promise<string> {
  if (path.startsWith("/")) return path;
  return await joinPath(env("GRAFT_FILE_BASE_PATH") || env("SPRUCE_FILE_BASE_PATH") || "", path);
}

/**
 * Go's `filepath.Join`: empty parts skipped, the result cleaned, `""` when all are empty.
 * `node:path` is imported on first use: importing it up front would slow every start-up.
 */
async function joinPath(...parts: string[]): Promise<string> {
  const joined = parts.filter((part) => part !== "").join("/");
  if (joined === "") return "";
  const { posix } = await import("node:path");
  const clean = posix.normalize(joined);
  return clean.length > 1 && clean.endsWith("/") ? clean.slice(0, -1) : clean;
}

/** A file-reading failure in Go's words (`open X: no such file or directory`). */
export function describeReadError(error: unknown, path: string): string {
  if (error instanceof Deno.errors.NotFound) return `open ${path}: no such file or directory`;
  if (error instanceof Deno.errors.PermissionDenied) return `open ${path}: permission denied`;
  if (error instanceof Deno.errors.IsADirectory) return `read ${path}: is a directory`;
  return `open ${path}: ${error instanceof Error ? error.message : String(error)}`;
}
