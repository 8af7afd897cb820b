/**
 * `graft diff` reports: a human one in the spirit of dyff, and a JSON one for scripts.
 *
 * Human report: one block per change, blocks separated by a blank line. A block is the path and
 * what happened to it, then the old value on `- ` lines and the new one on `+ ` lines, written as
 * YAML (continuation lines indented under the first):
 *
 * ```
 * $.jobs.web.instances: changed
 *   - 1
 *   + 2
 *
 * $.port: changed type from int to string
 *   - 8080
 *   + "8080"
 * ```
 *
 * The other headers are `added`, `removed` and `order changed` (the shared entries of a named list,
 * by name: `  - web, db` then `  + db, web`). When the files hold several documents, each
 * document's blocks follow a `--- document N` line (N from 1).
 *
 * @module
 */

import { formatPath, typeName, type Value, type YamlMap } from "../core/mod.ts";
import { emitJsonIndent, emitYaml } from "../yaml/mod.ts";
import type { Change, DocumentChanges } from "./diff.ts";

/** Options for {@link renderText}. */
export interface TextOptions {
  /**
   * Colour the report with ANSI escapes: headers bold, old values red, new values green.
   * @default false
   */
  color?: boolean;
  /**
   * Start each document's changes with a `--- document N` line (for multi-document files).
   * @default false
   */
  documentHeaders?: boolean;
}

const BOLD = "\x1b[1m";
const RED = "\x1b[31m";
const GREEN = "\x1b[32m";
const RESET = "\x1b[0m";

/**
 * The human report of the changes; `""` when there are none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const changes = [{ kind: "added" as const, path: ["a"], to: "x" }];
 * assert.equal(renderText([{ document: 1, changes }]), "$.a: added\n  + x\n");
 * ```
 */
export function renderText(
  documents: readonly DocumentChanges[],
  options: TextOptions = {},
): string {
  const paint = options.color
    ? (style: string, line: string) => style + line + RESET
    : (_style: string, line: string) => line;
  return documents.map(({ document, changes }) => {
    const header = options.documentHeaders ? paint(BOLD, `--- document ${document}`) + "\n" : "";
    return header + changes.map((change) => renderChange(change, paint)).join("\n");
  }).join("\n");
}

function renderChange(change: Change, paint: (style: string, line: string) => string): string {
  const lines = (style: string, sign: string, text: string) =>
    text.split("\n").map((line, i) => paint(style, (i === 0 ? `  ${sign} ` : "    ") + line))
      .join("\n") + "\n";
  const header = (what: string) => paint(BOLD, `${formatPath(change.path)}: ${what}`) + "\n";
  switch (change.kind) {
    case "added":
      return header("added") + lines(GREEN, "+", yamlText(change.to));
    case "removed":
      return header("removed") + lines(RED, "-", yamlText(change.from));
    case "changed": {
      const from = typeName(change.from);
      const to = typeName(change.to);
      return header(from === to ? "changed" : `changed type from ${from} to ${to}`) +
        lines(RED, "-", yamlText(change.from)) + lines(GREEN, "+", yamlText(change.to));
    }
    case "reordered":
      return header("order changed") + lines(RED, "-", change.from.join(", ")) +
        lines(GREEN, "+", change.to.join(", "));
  }
}

/** A value as YAML, without the final newline. */
function yamlText(value: Value): string {
  return emitYaml(value).slice(0, -1);
}

/**
 * The JSON report: an indented object, with a final newline, of this shape (keys sorted):
 *
 * ```json
 * {
 *   "changes": [
 *     {
 *       "document": 1,
 *       "from": 1,
 *       "fromType": "int",
 *       "kind": "changed",
 *       "path": "$.a",
 *       "to": 1,
 *       "toType": "float"
 *     }
 *   ],
 *   "from": "old.yml",
 *   "to": "new.yml"
 * }
 * ```
 *
 * Each change has `document` (the document's position, from 1), `path` (a spruce path) and `kind`:
 * `added` (with `to`, `toType`), `removed` (with `from`, `fromType`), `changed` (all four) or
 * `reordered` (`from` and `to`: the names of the shared entries of a named list, in each order).
 * Types are spruce's type names: map, list, string, int, float, bool, null. No changes is
 * `"changes": []`.
 *
 * @param files the names of the two files
 * @throws {GraftError} for a NaN or infinite float, which JSON cannot hold
 */
export function renderJson(
  documents: readonly DocumentChanges[],
  files: { readonly from: string; readonly to: string },
): string {
  const changes = documents.flatMap(({ document, changes }) =>
    changes.map((change): YamlMap => {
      const entry: YamlMap = new Map<string, Value>([
        ["document", document],
        ["path", formatPath(change.path)],
        ["kind", change.kind],
      ]);
      if (change.kind === "reordered") {
        entry.set("from", [...change.from]).set("to", [...change.to]);
        return entry;
      }
      if (change.kind !== "added") {
        entry.set("from", change.from).set("fromType", typeName(change.from));
      }
      if (change.kind !== "removed") entry.set("to", change.to).set("toType", typeName(change.to));
      return entry;
    })
  );
  const report: YamlMap = new Map<string, Value>([
    ["from", files.from],
    ["to", files.to],
    ["changes", changes],
  ]);
  return emitJsonIndent(report) + "\n";
}
