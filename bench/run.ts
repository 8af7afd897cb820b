/**
 * `deno task bench`: wall time and peak memory of `cli.ts merge base.yml overlay1.yml
 * overlay2.yml > /dev/null` on generated corpora, beside the floor (`bench/floor.ts`: load and
 * emit only). Both run as subprocesses, so both include start-up. Numbers are printed beside the
 * targets; nothing is asserted.
 *
 * Usage: `deno task bench [--sizes S,M,L,XL] [--json] [--ops] [--root DIR]`
 *
 * - `--ops` also times the operator-heavy corpora (off by default, until the CLI evaluates).
 * - `--root` times the `cli.ts` and `bench/floor.ts` of another tree (a stand-in, say).
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureCorpus, type Size, SIZES, type Variant } from "./generate.ts";

/** Runs per size; the median time is reported. */
const RUNS: Record<Size, number> = { S: 5, M: 5, L: 3, XL: 1 };
const STARTUP_RUNS = 10;
const TIME = "/usr/bin/time";

/** One timed command: median wall time and highest peak RSS over its runs. */
interface Measure {
  ms: number;
  peakMb: number;
}

/** One line of the results table. */
interface Row {
  size: string;
  lines: number;
  bytes: number;
  mergeMs: number;
  floorMs: number;
  ratio: number;
  mergePeakMb: number;
  floorPeakMb: number;
}

/** A target printed beside its measured value. */
interface Target {
  name: string;
  value: number;
  limit: number;
  unit: string;
  met: boolean;
}

/** How peak RSS is read: from `/usr/bin/time -v`, or by polling /proc/<pid>/status. */
type PeakSource = "time" | "proc";

const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: Object.keys(SIZES).join(",") },
    json: { type: "boolean", default: false },
    ops: { type: "boolean", default: false },
    root: { type: "string", default: fileURLToPath(new URL("..", import.meta.url)) },
  },
});
const sizes = flags.sizes.split(",").map((name) => {
  if (!(name in SIZES)) throw new TypeError(`Cannot run the bench: unknown size "${name}"`);
  return name as Size;
});
const variants: Variant[] = flags.ops ? ["plain", "ops"] : ["plain"];
const peakSource: PeakSource = await hasGnuTime() ? "time" : "proc";
const timeLog = await Deno.makeTempFile({ prefix: "graft-bench-" });

try {
  const startupFile = fileURLToPath(new URL("./corpus/startup.yml", import.meta.url));
  await Deno.mkdir(new URL("./corpus/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(startupFile, "name: tiny\nversion: 1\nenabled: true\n");
  // Warm-up (module cache) and a check that both scripts run at all.
  await measure(mergeArgs([startupFile]), 1);
  await measure(floorArgs([startupFile]), 1);

  const rows: Row[] = [];
  for (const variant of variants) {
    for (const size of sizes) {
      const corpus = await ensureCorpus(size, { variant });
      const label = variant === "plain" ? size : `${variant}-${size}`;
      progress(`${label}: ${corpus.lines} lines, ${RUNS[size]} run(s) each`);
      const merge = await measure(mergeArgs(corpus.paths), RUNS[size]);
      const base = await measure(floorArgs(corpus.paths), RUNS[size]);
      rows.push({
        size: label,
        lines: corpus.lines,
        bytes: corpus.bytes,
        mergeMs: merge.ms,
        floorMs: base.ms,
        ratio: merge.ms / base.ms,
        mergePeakMb: merge.peakMb,
        floorPeakMb: base.peakMb,
      });
    }
  }
  progress(`3-line merge: ${STARTUP_RUNS} runs`);
  const startup = await measure(mergeArgs([startupFile]), STARTUP_RUNS);
  const growth = growthRatios(rows);
  const targets = targetsOf(rows, startup);

  if (flags.json) {
    console.log(JSON.stringify({ peakSource, rows, growth, startup, targets }, null, 2));
  } else {
    printReport(rows, growth, startup, targets);
  }
} finally {
  await Deno.remove(timeLog);
}

function mergeArgs(paths: string[]): string[] {
  return ["run", "--allow-all", "cli.ts", "merge", ...paths];
}

function floorArgs(paths: string[]): string[] {
  return ["run", "--allow-all", "bench/floor.ts", ...paths];
}

/** Runs `deno ARGS` (stdout to /dev/null) `runs` times from the project root. */
async function measure(args: string[], runs: number): Promise<Measure> {
  const times: number[] = [];
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const run = await runOnce(args);
    times.push(run.ms);
    peakKb = Math.max(peakKb, run.peakKb);
  }
  return { ms: median(times), peakMb: peakKb / 1024 };
}

async function runOnce(args: string[]): Promise<{ ms: number; peakKb: number }> {
  const [program, programArgs] = peakSource === "time"
    ? [TIME, ["-v", "-o", timeLog, Deno.execPath(), ...args]]
    : [Deno.execPath(), args];
  const start = performance.now();
  const child = new Deno.Command(program, {
    args: programArgs,
    cwd: flags.root,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const polled = peakSource === "proc" ? pollPeak(child.pid, child.status) : undefined;
  const { code, stderr } = await child.output();
  const ms = performance.now() - start;
  if (code !== 0) {
    const message = new TextDecoder().decode(stderr).trim();
    throw new Error(`Cannot run "deno ${args.join(" ")}": exit code ${code}\n${message}`);
  }
  const peakKb = polled
    ? await polled
    : kbField(await Deno.readTextFile(timeLog), "Maximum resident set size (kbytes):");
  return { ms, peakKb };
}

/** True when /usr/bin/time is GNU time (it takes `-v` and `-o FILE`). */
async function hasGnuTime(): Promise<boolean> {
  try {
    const probe = new Deno.Command(TIME, { args: ["-v", "-o", "/dev/null", "true"] });
    return (await probe.output()).success;
  } catch {
    return false;
  }
}

/** The highest VmHWM (peak RSS, kB) read from /proc/<pid>/status until `exited` settles. */
async function pollPeak(pid: number, exited: Promise<unknown>): Promise<number> {
  let running = true;
  exited.finally(() => running = false);
  let peak = 0;
  while (running) {
    try {
      peak = Math.max(peak, kbField(await Deno.readTextFile(`/proc/${pid}/status`), "VmHWM:"));
    } catch {
      // The process has just exited: keep the last reading.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return peak;
}

/** The number after `label` on its line of a report (0 when absent). */
function kbField(report: string, label: string): number {
  const at = report.indexOf(label);
  return at === -1 ? 0 : parseInt(report.slice(at + label.length), 10);
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Growth of merge time per line between consecutive plain sizes (1.0 = linear). */
function growthRatios(rows: Row[]): Record<string, number> {
  const growth: Record<string, number> = {};
  for (const [small, large] of [["M", "L"], ["L", "XL"]]) {
    const a = rows.find((row) => row.size === small);
    const b = rows.find((row) => row.size === large);
    if (a && b) growth[`${large}/${small}`] = (b.mergeMs / b.lines) / (a.mergeMs / a.lines);
  }
  return growth;
}

function targetsOf(rows: Row[], startup: Measure): Target[] {
  const targets: Target[] = [];
  const add = (name: string, value: number, limit: number, unit: string) =>
    targets.push({ name, value, limit, unit, met: value <= limit });
  const large = rows.find((row) => row.size === "L");
  if (large) {
    add("L merge/floor", large.ratio, 1.5, "x");
    add("L merge", large.mergeMs, 1500, "ms");
  }
  const huge = rows.find((row) => row.size === "XL");
  if (huge) {
    add("XL merge", huge.mergeMs, 8000, "ms");
    add("XL merge peak", huge.mergePeakMb, 1024, "MB");
  }
  add("3-line merge", startup.ms, 60, "ms");
  return targets;
}

function printReport(
  rows: Row[],
  growth: Record<string, number>,
  startup: Measure,
  targets: Target[],
): void {
  const header = ["size", "lines", "bytes", "merge ms", "floor ms", "merge/floor", "merge MB"];
  const table = [
    header,
    ...rows.map((row) => [
      row.size,
      row.lines.toLocaleString("en-US"),
      row.bytes.toLocaleString("en-US"),
      row.mergeMs.toFixed(0),
      row.floorMs.toFixed(0),
      row.ratio.toFixed(2),
      row.mergePeakMb.toFixed(0),
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i].length)));
  const source = peakSource === "time" ? `${TIME} -v` : "VmHWM in /proc/<pid>/status";
  const lines = [`peak memory: RSS from ${source}`, ""];
  for (const cells of table) {
    lines.push(
      cells.map((cell, i) => i ? cell.padStart(widths[i]) : cell.padEnd(widths[i])).join("  "),
    );
  }
  lines.push("");
  for (const [name, ratio] of Object.entries(growth)) {
    lines.push(`merge ms per line, ${name}: ${ratio.toFixed(2)} (1.00 = linear)`);
  }
  lines.push(`3-line merge: ${startup.ms.toFixed(0)} ms (median of ${STARTUP_RUNS})`, "");
  lines.push("targets:");
  for (const { name, value, limit, unit, met } of targets) {
    const shown = unit === "x" ? `${value.toFixed(2)}x` : `${value.toFixed(0)} ${unit}`;
    const wanted = unit === "x" ? `${limit}x` : `${limit} ${unit}`;
    lines.push(`  ${name}: ${shown} (target <= ${wanted}) ${met ? "met" : "MISSED"}`);
  }
  console.log(lines.join("\n"));
}

function progress(message: string): void {
  console.error(`bench: ${message}`);
}
