/**
 * Runs the graft CLI as a subprocess, the way users run it (`deno task graft`'s permissions), with
 * a clean environment plus the variables a test gives.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What a run printed and how it exited. */
export interface GraftRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runGraft}. */
export interface GraftOptions {
  /** Environment variables besides PATH, HOME, DENO_DIR and NO_COLOR. */
  env?: Record<string, string>;
  /** Working directory. @default the project root */
  cwd?: string;
  /** The run is killed after this long. @default 60 000 */
  timeoutMs?: number;
  /** Deno permission flags. @default `deno task graft`'s */
  permissions?: readonly string[];
  /** Standard input. @default none */
  stdin?: string;
}

/** The project root. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** `deno task graft`'s permissions. */
export const PERMISSIONS: readonly string[] = [
  "--allow-read",
  "--allow-env",
  "--allow-net",
  "--allow-write",
];

/** Deno's cache of this machine, kept when a test gives the CLI another HOME. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  join(Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "", ".cache"), "deno");

/** Starts `graft ARGS`; the caller awaits {@link finishGraft} on the child. */
export function spawnGraft(args: readonly string[], options: GraftOptions = {}): Deno.ChildProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...(options.permissions ?? PERMISSIONS), "--quiet", `${ROOT}cli.ts`, ...args],
    cwd: options.cwd ?? ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "",
      DENO_DIR,
      NO_COLOR: "1",
      ...options.env,
    },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    writer.write(new TextEncoder().encode(options.stdin)).then(() => writer.close());
  }
  return child;
}

/** Waits for a child started by {@link spawnGraft}, killing it after `timeoutMs`. */
export async function finishGraft(child: Deno.ChildProcess, timeoutMs = 60_000): Promise<GraftRun> {
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const { code, stdout, stderr } = await child.output();
    const text = new TextDecoder();
    return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `graft ARGS` to completion. */
export function runGraft(args: readonly string[], options: GraftOptions = {}): Promise<GraftRun> {
  return finishGraft(spawnGraft(args, options), options.timeoutMs);
}

/** Asserts that no secret appears anywhere in what a run printed. */
export function assertNoSecrets(run: GraftRun, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const [stream, text] of [["stdout", run.stdout], ["stderr", run.stderr]]) {
      if (text.includes(secret)) {
        throw new Error(`${stream} leaks the secret "${secret}":\n${text}`);
      }
    }
  }
}
