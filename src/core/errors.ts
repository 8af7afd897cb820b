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
}

/** An error graft reports to the user (never with a stack trace). */
export class GraftError extends Error {
  readonly code: ErrorCode;
  readonly path?: Path;
  readonly origin?: Origin;
  readonly file?: string;

  constructor(code: ErrorCode, message: string, options: GraftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GraftError";
    this.code = code;
    this.path = options.path;
    this.origin = options.origin;
    this.file = options.file;
  }

  /** The error as one line: ` - $.path: message (file:line:col)` style without the dash. */
  describe(): string {
    const where = this.origin ? ` (${formatOrigin(this.origin)})` : "";
    if (this.path) return `${formatPath(this.path)}: ${this.message}${where}`;
    if (this.file !== undefined) return `${this.file}: ${this.message}`;
    return `${this.message}${where}`;
  }
}

/** Several errors found together; printed as spruce's `N error(s) detected:` block. */
export class GraftErrors extends Error {
  constructor(readonly errors: readonly GraftError[]) {
    super(formatErrorBlock(errors));
    this.name = "GraftErrors";
  }
}

/**
 * spruce's multi-error text: `N error(s) detected:` then one sorted ` - $.path: message` line
 * each, then a blank line.
 */
export function formatErrorBlock(errors: readonly GraftError[]): string {
  const lines = errors.map((e) => ` - ${e.describe()}\n`).sort();
  return `${errors.length} error(s) detected:\n${lines.join("")}\n`;
}
