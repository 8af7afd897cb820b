/**
 * The merge-time markers: array operators (`(( append ))`, `(( merge on KEY ))`, `(( delete "x" ))`
 * …), the prune and sort "ghost" markers, and the operators that are misplaced as map values.
 * Patterns are spruce's (`merge.go`), with Go's `\s` (`[\t\n\f\r ]`) and `.` (anything but a
 * newline), so the whitespace inside `(( ))` is as flexible as in spruce.
 *
 * @module
 */

import { Expression, type Value } from "../core/mod.ts";

const S = "[\\t\\n\\f\\r ]";
const DOT = "[^\\n]";

/** A whole-entry array marker: `((`, optional space, the body, optional space, `))`. */
function listMarker(body: string): RegExp {
  return new RegExp(`^\\(\\(${S}*${body}${S}*\\)\\)$`);
}

const MERGE = listMarker("merge");
const MERGE_ON = listMarker(`merge${S}+on${S}+(${DOT}+)`);
const INLINE = listMarker("inline");
const REPLACE = listMarker("replace");
const APPEND = listMarker("append");
const PREPEND = listMarker("prepend");
const INSERT_AT = listMarker(`insert${S}+(after|before)${S}+(\\d+)`);
const INSERT_BY_NAME = listMarker(`insert${S}+(after|before)${S}+([^ ]+)?${S}*"(${DOT}+)"`);
const DELETE_AT = listMarker(`delete${S}+(-?\\d+)`);
const DELETE_BY_NAME = listMarker(`delete${S}+([^ ]+)?${S}*"(${DOT}+)"`);
const DELETE_BY_NAME_UNQUOTED = listMarker(`delete${S}+([^ ]+)?${S}*(${DOT}+)`);

const PRUNE = new RegExp(`^${S}*\\(\\(${S}*prune${S}*\\)\\)`);
const SORT = new RegExp(`^${S}*\\(\\(${S}*sort(?:${S}+by${S}+(${DOT}*?))?${S}*\\)\\)$`);
const MERGE_AS_VALUE = new RegExp(`^${S}*\\(\\(${S}*merge(?:${S}${DOT}*)?\\)\\)`);

/** What an array marker asks for; entries after it, up to the next marker, go with it. */
export interface ListMarker {
  readonly op: "mergeOnKey" | "inline" | "replace" | "insert" | "delete";
  /** Insert or delete position; -1 means the end of the list (`append`). */
  readonly index: number;
  /** The identifying key of a keyed operation; empty for index or plain-value operations. */
  readonly key: string;
  /** The value an insert or delete looks for; empty for index operations. */
  readonly name: string;
  /** `after`, `before` or empty. */
  readonly relative: string;
}

/** The text of a scalar spruce would see as a string: strings and expressions. */
export function markerText(value: Value): string | undefined {
  if (typeof value === "string") return value;
  return value instanceof Expression ? value.source : undefined;
}

/**
 * The operator word of a marker-like text, lowercase letters only: `merge` for `((merge_x))`,
 * `delete` for ` (( delete 0 ))`; empty when the text does not open with `((` (after Go
 * whitespace). A cheap gate before the patterns.
 */
function operatorWord(text: string): string {
  let i = 0;
  while (isGoSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 40 || text.charCodeAt(i + 1) !== 40) return "";
  i += 2;
  while (isGoSpace(text.charCodeAt(i))) i++;
  const start = i;
  while (text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122) i++;
  return text.slice(start, i);
}

function isGoSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13 && c !== 11);
}

/**
 * Reads an array entry as a marker (spruce's `getArrayModifications`). `simpleList` says the
 * original list holds no maps, which changes what a `delete` by name targets.
 *
 * @returns the marker; `"skip"` for a keyed delete on a simple list (spruce drops the entry);
 *   `undefined` when the entry is an ordinary value
 */
export function parseListMarker(
  text: string,
  simpleList: boolean,
  defaultKey: string,
): ListMarker | "skip" | undefined {
  if (text.charCodeAt(0) !== 40 || text.charCodeAt(1) !== 40) return undefined;
  let m: RegExpExecArray | null;
  switch (operatorWord(text)) {
    case "merge":
      if (MERGE.test(text)) return marker("mergeOnKey");
      m = MERGE_ON.exec(text);
      return m ? marker("mergeOnKey", { key: m[1].trim() }) : undefined;
    case "inline":
      return INLINE.test(text) ? marker("inline") : undefined;
    case "replace":
      return REPLACE.test(text) ? marker("replace") : undefined;
    case "append":
      return APPEND.test(text) ? marker("insert", { index: -1 }) : undefined;
    case "prepend":
      return PREPEND.test(text) ? marker("insert", { index: 0 }) : undefined;
    case "insert":
      if ((m = INSERT_AT.exec(text))) {
        const index = goInt(m[2]);
        return index === undefined ? undefined : marker("insert", { index, relative: m[1] });
      }
      m = INSERT_BY_NAME.exec(text);
      if (!m) return undefined;
      return marker("insert", {
        relative: m[1],
        key: (m[2] ?? "").trim() || defaultKey,
        name: m[3].trim(),
      });
    case "delete":
      return parseDelete(text, simpleList, defaultKey);
  }
  return undefined;
}

function parseDelete(
  text: string,
  simpleList: boolean,
  defaultKey: string,
): ListMarker | "skip" | undefined {
  let m: RegExpExecArray | null;
  if ((m = DELETE_AT.exec(text))) {
    const index = goInt(m[1]);
    return index === undefined ? undefined : marker("delete", { index });
  }
  if ((m = DELETE_BY_NAME.exec(text))) {
    const key = (m[1] ?? "").trim();
    if (simpleList && key !== "") return "skip";
    return marker("delete", {
      key: simpleList || key !== "" ? key : defaultKey,
      name: m[2].trim(),
    });
  }
  if ((m = DELETE_BY_NAME_UNQUOTED.exec(text))) {
    let key = (m[1] ?? "").trim();
    let name = m[2].trim();
    if (simpleList && key !== "" && name !== "") return "skip";
    if (name === "") [name, key] = [key, simpleList ? "" : defaultKey];
    return marker("delete", { key, name });
  }
  return undefined;
}

function marker(op: ListMarker["op"], fields: Partial<ListMarker> = {}): ListMarker {
  return { op, index: 0, key: "", name: "", relative: "", ...fields };
}

/** Go's `strconv.Atoi` on a decimal: undefined when it overflows an int64. */
function goInt(digits: string): number | undefined {
  const n = BigInt(digits);
  return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? undefined : Number(n);
}

/** The ghost marker a text is: spruce's `(( prune ))` or `(( sort [by KEY] ))`. */
export function ghostMarker(text: string): "prune" | "sort" | undefined {
  const word = operatorWord(text);
  if (word === "prune") return PRUNE.test(text) ? "prune" : undefined;
  if (word === "sort") return SORT.test(text) ? "sort" : undefined;
  return undefined;
}

/**
 * The sort key of a sort marker as spruce's operator call renders its second argument
 * (`by name` → `name`, `by "name"` → `"name"` with its quotes).
 *
 * @returns `{ by: undefined }` for the default key; `undefined` when the call does not parse
 *   (spruce then records nothing)
 */
export function sortMarkerKey(text: string): { by: string | undefined } | undefined {
  const args = SORT.exec(text)?.[1];
  if (args === undefined) return { by: undefined };
  const words: string[] = args.match(/"(?:[^"\\]|\\.)*"|[^\s"]+|"/g) ?? [];
  if (words.includes('"')) return undefined;
  if (words.length !== 1) return { by: undefined };
  const word = words[0];
  return { by: word.startsWith('"') ? `"${word.slice(1, -1).replace(/\\(.)/g, "$1")}"` : word };
}

/**
 * The operator a map value cannot be: a `(( merge … ))` or an argument-bearing `(( delete … ))`
 * (the bare `(( delete ))` is plain text). spruce matches any `((merge` prefix, so that a BOSH
 * variable such as `((merge_cfg))` is an error there; here the word must be `merge`.
 */
export function misplacedMarker(text: string): "merge" | "delete" | undefined {
  const word = operatorWord(text);
  if (word.startsWith("merge")) return MERGE_AS_VALUE.test(text) ? "merge" : undefined;
  if (word !== "delete" || text.charCodeAt(0) !== 40) return undefined;
  const found = DELETE_AT.test(text) || DELETE_BY_NAME.test(text) ||
    DELETE_BY_NAME_UNQUOTED.test(text);
  return found ? "delete" : undefined;
}
