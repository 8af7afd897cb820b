/**
 * What an `awsparam` or `awssecret` call asks for, `NAME?key=K&stage=S&version=V`, and the
 * `?key=` extraction from the fetched value. Pure: no I/O, no client library.
 *
 * @module
 */

import { GraftError, scalarText, typeName, type Value, type YamlMap } from "../core/mod.ts";
import { loadYaml } from "../yaml/mod.ts";

/** A parsed reference; an option that is absent or empty is `""`. */
export interface AwsReference {
  /** The parameter name, or the secret's name or ARN. */
  readonly name: string;
  /** `?key=`: a field of the value to return instead of the whole value (`a.b.c` nests). */
  readonly key: string;
  /** `?stage=` (secrets): a staging label such as `AWSPREVIOUS`. Wins over `version`. */
  readonly stage: string;
  /** `?version=` (secrets): a version id. */
  readonly version: string;
}

/**
 * Splits a reference at its first `?`: the name, then options in URL query syntax (Go's
 * `url.ParseQuery`: `&`-separated, `%XX` and `+` unescaped, the first of repeated options used).
 * Other options are ignored, as spruce does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const ref = parseAwsReference("db-creds?key=password&stage=AWSPREVIOUS");
 * assert.deepEqual(ref, { name: "db-creds", key: "password", stage: "AWSPREVIOUS", version: "" });
 * ```
 * @throws {GraftError} `invalid argument string: ...` for a malformed query
 */
export function parseAwsReference(text: string): AwsReference {
  const mark = text.indexOf("?");
  if (mark < 0) return { name: text, key: "", stage: "", version: "" };
  const options = parseQuery(text.slice(mark + 1));
  const get = (option: string) => options.get(option)?.[0] ?? "";
  return {
    name: text.slice(0, mark),
    key: get("key"),
    stage: get("stage"),
    version: get("version"),
  };
}

/**
 * The `?key=` field of a fetched value, parsed as YAML or JSON: the top-level field of that exact
 * name, else the path `a.b.c` through nested maps (and list indexes). A scalar comes back as text,
 * as spruce returns it (`5432` → `"5432"`); a map or list comes back as structured data.
 *
 * Messages never quote the value: it is a secret.
 *
 * @param value the fetched value (a StringList parameter is a list)
 * @param reference the reference, for its key and for messages
 * @throws {GraftError} (not fatal: a `||` fallback applies) `$.NAME invalid key 'K'` when the
 *   field is missing, `$.NAME error extracting key: ...` when the value is not a map
 */
export function extractKey(value: string | string[], reference: AwsReference): Value {
  const { name, key } = reference;
  const root = typeof value === "string" ? parseValue(value, name) : value;
  if (!(root instanceof Map)) {
    throw new GraftError(
      "eval",
      `$.${name} error extracting key: the value is ${describe(root)}, not a map`,
    );
  }
  let found = field(root, key);
  if (found === undefined && key.includes(".")) found = walk(root, key.split("."));
  if (found === undefined) throw new GraftError("eval", `$.${name} invalid key '${key}'`);
  return found instanceof Map || Array.isArray(found) ? found : scalarText(found);
}

function parseValue(text: string, name: string): Value {
  try {
    return loadYaml(text, name, { expressions: false })[0] ?? null;
  } catch (error) {
    if (!(error instanceof GraftError)) throw error;
    // js-yaml's own message may quote the offending text: never print it.
    throw new GraftError("eval", `$.${name} error extracting key: the value is not YAML or JSON`);
  }
}

/** A map's field by its text (YAML keys may be ints or bools). */
function field(map: YamlMap, text: string): Value | undefined {
  if (map.has(text)) return map.get(text);
  for (const [k, v] of map) if (typeof k !== "string" && String(k) === text) return v;
  return undefined;
}

/** The value at a path of map fields and list indexes, if there is one. */
function walk(value: Value, segments: readonly string[]): Value | undefined {
  let here: Value | undefined = value;
  for (const segment of segments) {
    if (here instanceof Map) here = field(here, segment);
    else if (Array.isArray(here) && /^\d+$/.test(segment)) here = here[Number(segment)];
    else return undefined;
  }
  return here;
}

function describe(value: Value): string {
  const type = typeName(value);
  if (type === "null") return "empty";
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/**
 * Go's `url.ParseQuery`: every value of every option.
 *
 * @throws {GraftError} Go's message for the first malformed part
 */
function parseQuery(query: string): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const part of query.split("&")) {
    if (part.includes(";")) throw queryError("invalid semicolon separator in query");
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = unescape(eq < 0 ? part : part.slice(0, eq));
    const value = unescape(eq < 0 ? "" : part.slice(eq + 1));
    options.set(key, [...options.get(key) ?? [], value]);
  }
  return options;
}

/** Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte. */
function unescape(text: string): string {
  const bad = /%(?![0-9a-fA-F]{2})/.exec(text);
  if (bad) {
    throw queryError(`invalid URL escape ${JSON.stringify(text.slice(bad.index, bad.index + 3))}`);
  }
  if (!text.includes("%")) return text.replaceAll("+", " ");
  const bytes = new TextEncoder().encode(text.replaceAll("+", " "));
  const decoded = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25) {
      decoded[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else {
      decoded[n++] = bytes[i];
    }
  }
  return new TextDecoder().decode(decoded.subarray(0, n));
}

function queryError(message: string): GraftError {
  return new GraftError("eval", `invalid argument string: ${message}`);
}
