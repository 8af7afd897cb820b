/**
 * One error type for the whole pipeline, and spruce's printed form of a batch of them.
 *
 * @module
 */

import { formatOrigin, type Origin } from "./origin.ts";
import { formatPath, type Path } from "./path.ts";

/** What kind of failure an error is; decides the exit code and how it is printed. */
export type ErrorCode =
  | "usage" // bad flags or arguments: exit 1
  | "input" // a file cannot be read or parsed: printed as `FILE: message`
  | "merge" // a merge rule failed at a path
  | "eval" // an operator failed at a path
  | "internal";

/** Options for {@link GraftError}. */
export interface GraftErrorOptions {
  /** The YAML path the error is about. */
  path?: Path;
  /** Where the offending value was written. */
  origin?: Origin;
  /** The file the error is about, for input errors. */
  file?: string;
  /** The underlying error. */
  cause?: unknown;
  /** Extra lines printed under the error, e.g. the expression with a caret under the bad token. */
  detail?: string;
  /**
   * True when a `||` fallback must not hide the error (an authentication or connection failure,
   * as opposed to something not being found).
   */
  fatal?: boolean;
}

/** An error graft reports to the user (never with a stack trace). */
export class GraftError extends Error {
  readonly code: ErrorCode;
  readonly path?: Path;
  readonly origin?: Origin;
  readonly file?: string;
  readonly detail?: string;
  readonly fatal: boolean;

  constructor(code: ErrorCode, message: string, options: GraftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GraftError";
    this.code = code;
    this.path = options.path;
    this.origin = options.origin;
    this.file = options.file;
    this.detail = options.detail;
    this.fatal = options.fatal ?? false;
  }

  /** The error's line as spruce words it: `$.path: message`, `FILE: message` or the message. */
  describe(): string {
    if (this.path) return `${formatPath(this.path)}: ${this.message}`;
    if (this.file !== undefined) return `${this.file}: ${this.message}`;
    return this.message;
  }

  /**
   * What graft adds under spruce's line: `at FILE:LINE:COLUMN` where the value was written, and
   * the detail (such as the expression with a caret under the bad token); each line indented.
   */
  explain(): string {
    const lines = [
      ...(this.origin ? [`at ${formatOrigin(this.origin)}`] : []),
      ...(this.detail === undefined ? [] : [this.detail]),
    ];
    return lines.length === 0 ? "" : `${lines.join("\n").replace(/^/gm, "     ")}\n`;
  }
}

/**
 * True for a failure a `||` alternative may stand in for: a `GraftError` that is not fatal
 * (something was not found, as opposed to a refused connection or credentials).
 */
export function isRecoverable(error: unknown): error is GraftError {
  return error instanceof GraftError && !error.fatal;
}

/** Several errors found together; printed as spruce's `N error(s) detected:` block. */
export class GraftErrors extends Error {
  constructor(readonly errors: readonly GraftError[]) {
    super(formatErrorBlock(errors));
    this.name = "GraftErrors";
  }
}

/**
 * spruce's multi-error text: `N error(s) detected:`, then one ` - $.path: message` line each,
 * sorted, exactly as spruce prints them (Genesis and other tools parse them), each followed by
 * graft's indented origin and detail lines; then the two blank lines spruce ends with.
 */
export function formatErrorBlock(errors: readonly GraftError[]): string {
  const entries = errors.map((e) => ({ line: ` - ${e.describe()}\n`, more: e.explain() }));
  entries.sort((a, b) => a.line < b.line ? -1 : a.line > b.line ? 1 : 0);
  const text = entries.map(({ line, more }) => line + more).join("");
  return `${errors.length} error(s) detected:\n${text}\n\n`;
}

/**
 * The text with the credentials of every URL in it masked (`nats://user:secret@host` becomes
 * `nats://***********@host`, the same length, so a caret under the text stays in place), for
 * anything that prints an expression as written: traces, syntax errors.
 */
export function withoutCredentials(text: string): string {
  return text.replace(
    /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/@"'(),]+)@/g,
    (_, scheme: string, userinfo: string) => `${scheme}${"*".repeat(userinfo.length)}@`,
  );
}
