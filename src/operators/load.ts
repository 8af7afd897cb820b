/**
 * `(( load LOCATION ))`: structured data from a YAML or JSON file, or from an http(s) URL.
 *
 * @module
 */

import { GraftError, type Value, withoutCredentials } from "../core/mod.ts";
import type { EvalSettings, Operator } from "../eval/mod.ts";
import { loadYaml } from "../yaml/mod.ts";
import { describeReadError, pathArgument, resolveFilePath } from "./file.ts";

/** How long a `load` over HTTP may take, response body included. */
const LOAD_TIMEOUT_MS = 30_000;

/** A location with a URL scheme (`http:`, `https:`, `ftp:`...), as Go's URL parser sees one. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The `load` operator: fetches a location with a URL scheme over HTTP, reads anything else as a
 * file (relative paths as `file` takes them), and parses the content as YAML or JSON. The root
 * must be a map or a list; `(( ... ))` text in it stays text.
 *
 * @example
 * ```yaml
 * users: (( load "data/users.yml" ))
 * remote: (( load "https://config.example.com/defaults.json" ))
 * ```
 */
export const load: Operator = {
  async run(call, context) {
    if (call.args.length !== 1) {
      throw new GraftError(
        "eval",
        "load operator requires exactly one literal string or reference argument",
      );
    }
    const location = await pathArgument(call.args[0], context, "tried to read file");
    const text = SCHEME.test(location)
      ? await fetchText(location)
      : await readLocalFile(location, context.settings.env);
    const root = parse(text, location);
    if (root instanceof Map || Array.isArray(root)) return root;
    throw new GraftError(
      "eval",
      "unsupported root type in loaded content, only map or list roots are supported",
    );
  },
};

/** The first document of loaded content; a syntax error is reported at the call. */
function parse(text: string, location: string): Value {
  try {
    return loadYaml(text, location, { expressions: false })[0] ?? null;
  } catch (error) {
    if (!(error instanceof GraftError)) throw error;
    throw new GraftError("eval", error.message, { cause: error });
  }
}

async function readLocalFile(location: string, env: EvalSettings["env"]): Promise<string> {
  const path = await resolveFilePath(location, env);
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      throw new GraftError(
        "eval",
        `unable to get any content using location ${path}: it is not a file or usable URI`,
      );
    }
    throw new GraftError("eval", describeReadError(error, path));
  }
}

/**
 * The body of an HTTP GET, which must answer 200 within `timeoutMs` (body included).
 *
 * @throws {GraftError} in Go's words for an unsupported scheme or a failed request
 *   (`Get "URL": ...`), a timeout, or spruce's `failed to retrieve data from location URL: BODY`
 *   for any other status
 */
export async function fetchText(url: string, timeoutMs = LOAD_TIMEOUT_MS): Promise<string> {
  const shown = withoutCredentials(url);
  const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
  if (scheme !== "http" && scheme !== "https") {
    throw new GraftError("eval", `Get "${shown}": unsupported protocol scheme "${scheme}"`);
  }
  let status;
  let body;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const reason = error instanceof DOMException && error.name === "TimeoutError"
      ? `no complete response within ${timeoutMs / 1000} seconds`
      : error instanceof Error
      ? error.message
      : String(error);
    throw new GraftError("eval", `Get "${shown}": ${reason}`);
  }
  if (status !== 200) {
    throw new GraftError("eval", `failed to retrieve data from location ${shown}: ${body}`);
  }
  return body;
}
