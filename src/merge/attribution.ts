/**
 * Which document set each value (`-D`/`--debug`): for every leaf path of every document, the last
 * document that writes it. List entries are named by their `name`, `key` or `id` where they have
 * one, as spruce names them in messages.
 *
 * @module
 */

import { entryName, type Value } from "../core/mod.ts";
import type { MergeDocument } from "./merge.ts";

/** Each leaf path (`$.a.b`, `$.jobs.web.instances`) and the file that set it last, sorted. */
export function attributePaths(docs: readonly MergeDocument[]): [path: string, file: string][] {
  const setBy = new Map<string, string>();
  const visit = (value: Value, path: string, file: string) => {
    if (value instanceof Map && value.size > 0) {
      for (const [key, child] of value) visit(child, `${path}.${String(key)}`, file);
    } else if (Array.isArray(value) && value.length > 0) {
      value.forEach((entry, i) => visit(entry, `${path}.${entryName(entry) ?? i}`, file));
    } else {
      setBy.set(path, file);
    }
  };
  for (const doc of docs) visit(doc.value, "$", doc.file);
  return [...setBy].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}
