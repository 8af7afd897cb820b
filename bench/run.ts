/**
 * `deno task bench`: wall time and peak memory of `cli.ts merge base.yml overlay1.yml
 * overlay2.yml > /dev/null` on generated corpora, beside the floor (`bench/floor.ts`: load and
 * emit only). Both run as subprocesses, so both include start-up. Numbers are printed beside the
 * targets; nothing is asserted.
 *
 * The `evaluate` column is the evaluate stage's share of load-to-emit, measured in this process
 * (`bench/stages.ts`).
 *
 * Usage: `deno task bench [--sizes S,M,L,XL] [--json] [--ops] [--[no-]nats] [--[no-]vault]
 * [--root DIR]`
 *
 * - `--ops` also times the operator-heavy corpora (off by default, until the CLI evaluates).
 * - `--nats` times a template reading 1,000 KV keys and 50 objects of 100 KB from a local
 *   nats-server, beside 1,000 sequential single-key gets made here, and counts the connections the
 *   merge opened (the server's `/varz`). On by default when `nats-server` is installed.
 * - `--vault` (on by default) times a template reading 500 secrets from the local test Vault
 *   beside 500 sequential reads (`bench/vault.ts`).
 * - `--root` times the `cli.ts` and `bench/floor.ts` of another tree (a stand-in, say).
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLatencyProxy } from "./latency_proxy.ts";
import { timeStages } from "./stages.ts";
import { benchVault, VAULT_SECRETS, type VaultRow } from "./vault.ts";
import { ensureCorpus, type Size, SIZES, type Variant } from "./generate.ts";

/** Runs per size; the median time is reported. */
const RUNS: Record<Size, number> = { S: 5, M: 5, L: 5, XL: 1 };
const STARTUP_RUNS = 10;
const NATS_RUNS = 3;
const NATS_KEYS = 1000;
const NATS_OBJECTS = 50;
const NATS_OBJECT_BYTES = 100 * 1024;
/** The NATS case runs on bare loopback and again through a proxy adding this much each way. */
const NATS_LATENCY_MS = 1;
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
  /** The evaluate stage's share of the merge's load-to-emit time, measured in this process. */
  evalShare: number;
}

/** The NATS case: the merge, its floor, the sequential baseline and the connections opened. */
interface NatsRow {
  /** Milliseconds each chunk is held in each direction (0: bare loopback). */
  latencyMs: number;
  keys: number;
  objects: number;
  objectBytes: number;
  /** Median wall time of the merge. */
  mergeMs: number;
  /** The same merge with `REDACT=1`: every NATS call answers at once, nothing is contacted. */
  redactedMs: number;
  /** `mergeMs - redactedMs`: the time the merge spent on NATS. */
  natsMs: number;
  /** 1,000 sequential `kv.get` calls (direct gets) on one open connection, in this process. */
  sequentialMs: number;
  /** Connections the server saw opened per merge. */
  connections: number;
}

/** A target printed beside its measured value. */
interface Target {
  name: string;
  value: number;
  /** How the value must compare with the limit. */
  relation: "<=" | ">=" | "=";
  limit: number;
  unit: string;
  met: boolean;
}

/** How peak RSS is read: from `/usr/bin/time -v`, or by polling /proc/<pid>/status. */
type PeakSource = "time" | "proc";

const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    sizes: { type: "string", default: Object.keys(SIZES).join(",") },
    json: { type: "boolean", default: false },
    ops: { type: "boolean", default: false },
    nats: { type: "boolean", default: await natsServerInstalled() },
    vault: { type: "boolean", default: true },
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
      const [merge, base] = await measureSideBySide(
        mergeArgs(corpus.paths),
        floorArgs(corpus.paths),
        RUNS[size],
      );
      const stages = await timeStages(corpus.paths, RUNS[size]);
      rows.push({
        size: label,
        lines: corpus.lines,
        bytes: corpus.bytes,
        mergeMs: merge.ms,
        floorMs: base.ms,
        ratio: merge.ms / base.ms,
        mergePeakMb: merge.peakMb,
        floorPeakMb: base.peakMb,
        evalShare: stages.evaluate / stages.total,
      });
    }
  }
  progress(`3-line merge: ${STARTUP_RUNS} runs`);
  const startup = await measure(mergeArgs([startupFile]), STARTUP_RUNS);
  const nats = flags.nats ? await benchNats() : undefined;
  if (flags.vault) progress(`vault: ${VAULT_SECRETS} secrets, merged and read one by one`);
  const vault = flags.vault ? await benchVault() : undefined;
  const growth = growthRatios(rows);
  const targets = targetsOf(rows, startup, nats, vault);

  if (flags.json) {
    const results = { peakSource, rows, growth, startup, nats, vault, targets };
    console.log(JSON.stringify(results, null, 2));
  } else {
    printReport(rows, growth, startup, nats, vault, targets);
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

/**
 * Runs `deno ARGS` (stdout to /dev/null) `runs` times from the project root, with these
 * environment variables besides the bench's own.
 */
async function measure(
  args: string[],
  runs: number,
  env: Record<string, string> = {},
): Promise<Measure> {
  const times: number[] = [];
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const run = await runOnce(args, env);
    times.push(run.ms);
    peakKb = Math.max(peakKb, run.peakKb);
  }
  return { ms: median(times), peakMb: peakKb / 1024 };
}

/**
 * Measures two commands in alternating runs, so that both see the same state of the machine
 * (a ratio of two medians taken minutes apart drifts with it).
 */
async function measureSideBySide(
  first: string[],
  second: string[],
  runs: number,
): Promise<[Measure, Measure]> {
  const firsts: Measure[] = [];
  const seconds: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    firsts.push(await measure(first, 1));
    seconds.push(await measure(second, 1));
  }
  const combine = (all: Measure[]): Measure => ({
    ms: median(all.map((m) => m.ms)),
    peakMb: Math.max(...all.map((m) => m.peakMb)),
  });
  return [combine(firsts), combine(seconds)];
}

async function runOnce(
  args: string[],
  env: Record<string, string>,
): Promise<{ ms: number; peakKb: number }> {
  const [program, programArgs] = peakSource === "time"
    ? [TIME, ["-v", "-o", timeLog, Deno.execPath(), ...args]]
    : [Deno.execPath(), args];
  const start = performance.now();
  const child = new Deno.Command(program, {
    args: programArgs,
    cwd: flags.root,
    env,
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

/**
 * The NATS case: starts nats-server, seeds `NATS_KEYS` keys and `NATS_OBJECTS` random objects,
 * and times one template that reads them all; then the sequential baseline in this process. Both
 * on bare loopback and through a proxy that adds `NATS_LATENCY_MS` each way.
 */
async function benchNats(): Promise<NatsRow[]> {
  // Imported here, so that the other cases do not load the NATS client.
  const { seedNats, startNatsServer } = await import("../tests/_helpers/nats_server.ts");
  const { connect } = await import("@nats-io/transport-node");
  const { jetstream } = await import("@nats-io/jetstream");
  const { Kvm } = await import("@nats-io/kv");
  await using server = await startNatsServer();
  const keys = Array.from({ length: NATS_KEYS }, (_, i) => `key${String(i).padStart(4, "0")}`);
  const objects = Array.from({ length: NATS_OBJECTS }, (_, i) => `blob${i}.bin`);
  progress(`nats: seeding ${NATS_KEYS} keys and ${NATS_OBJECTS} objects`);
  await seedNats(server.url, {
    kv: { bench: Object.fromEntries(keys.map((key) => [key, `the value of ${key}`])) },
    obj: {
      blobs: Object.fromEntries(objects.map((name) => [name, randomBytes(NATS_OBJECT_BYTES)])),
    },
  });
  const lines = ["keys:", ...keys.map((key) => `  ${key}: (( nats "kv:bench/${key}" ))`)];
  lines.push("objects:", ...objects.map((name) => `  ${name}: (( nats "obj:blobs/${name}" ))`));
  const template = fileURLToPath(new URL("./corpus/nats.yml", import.meta.url));
  await Deno.writeTextFile(template, lines.join("\n") + "\n");

  const redacted = await measure(mergeArgs([template]), NATS_RUNS, { REDACT: "1" });
  const rows: NatsRow[] = [];
  for (const latencyMs of [0, NATS_LATENCY_MS]) {
    const proxy = latencyMs ? startLatencyProxy(server.port, latencyMs) : undefined;
    try {
      const url = proxy ? `nats://${proxy.hostPort}` : server.url;
      const env = { NATS_URL: url };
      await measure(mergeArgs([template]), 1, env); // warm-up
      progress(
        `nats (${latencyMs} ms each way): ${NATS_RUNS} merges, ${NATS_KEYS} sequential gets`,
      );
      const opened = await totalConnections(server.monitorUrl);
      const merge = await measure(mergeArgs([template]), NATS_RUNS, env);
      const connections = (await totalConnections(server.monitorUrl) - opened) / NATS_RUNS;
      const nc = await connect({ servers: url });
      let sequentialMs: number;
      try {
        const kv = await new Kvm(jetstream(nc)).open("bench", { allow_direct: true });
        await kv.get(keys[0]); // warm-up
        const start = performance.now();
        for (const key of keys) {
          if (!(await kv.get(key))) {
            throw new Error(`Cannot run the NATS bench: "${key}" is missing`);
          }
        }
        sequentialMs = performance.now() - start;
      } finally {
        await nc.close();
      }
      rows.push({
        latencyMs,
        keys: NATS_KEYS,
        objects: NATS_OBJECTS,
        objectBytes: NATS_OBJECT_BYTES,
        mergeMs: merge.ms,
        redactedMs: redacted.ms,
        natsMs: merge.ms - redacted.ms,
        sequentialMs,
        connections,
      });
    } finally {
      proxy?.close();
    }
  }
  return rows;
}

/** Random bytes (crypto.getRandomValues fills at most 64 KiB at a time). */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 65536) {
    crypto.getRandomValues(bytes.subarray(at, at + 65536));
  }
  return bytes;
}

/** Connections the server has accepted since it started (`/varz` `total_connections`). */
async function totalConnections(monitorUrl: string): Promise<number> {
  const varz = await (await fetch(`${monitorUrl}/varz`)).json();
  return varz.total_connections;
}

/** True when `nats-server` runs (`$NATS_SERVER_BIN`, else from the PATH). */
async function natsServerInstalled(): Promise<boolean> {
  try {
    const binary = Deno.env.get("NATS_SERVER_BIN") || "nats-server";
    return (await new Deno.Command(binary, { args: ["--version"], stdout: "null" }).output())
      .success;
  } catch {
    return false;
  }
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

function targetsOf(
  rows: Row[],
  startup: Measure,
  nats: NatsRow[] | undefined,
  vault: VaultRow | undefined,
): Target[] {
  const targets: Target[] = [];
  const add = (
    name: string,
    value: number,
    limit: number,
    unit: string,
    relation: Target["relation"] = "<=",
  ) => {
    const met = relation === "<="
      ? value <= limit
      : relation === ">="
      ? value >= limit
      : value === limit;
    targets.push({ name, value, relation, limit, unit, met });
  };
  const large = rows.find((row) => row.size === "L");
  if (large) {
    add("L merge/floor", large.ratio, 1.5, "x");
    add("L merge", large.mergeMs, 1500, "ms");
  }
  const operators = rows.find((row) => row.size === "ops-L");
  if (operators) add("ops-L merge and evaluate/floor", operators.ratio, 2, "x");
  const huge = rows.find((row) => row.size === "XL");
  if (huge) {
    add("XL merge", huge.mergeMs, 8000, "ms");
    add("XL merge peak", huge.mergePeakMb, 1024, "MB");
  }
  add("3-line merge", startup.ms, 60, "ms");
  for (const row of nats ?? []) {
    const where = `${row.latencyMs} ms each way`;
    add(`NATS reads vs sequential gets (${where})`, row.sequentialMs / row.natsMs, 5, "x", ">=");
    add(`NATS connections per merge (${where})`, row.connections, 1, "", "=");
  }
  if (vault) {
    add("Vault reads vs sequential reads", vault.sequentialMs / vault.mergeMs, 5, "x", ">=");
  }
  return targets;
}

function printReport(
  rows: Row[],
  growth: Record<string, number>,
  startup: Measure,
  nats: NatsRow[] | undefined,
  vault: VaultRow | undefined,
  targets: Target[],
): void {
  const header = [
    "size",
    "lines",
    "bytes",
    "merge ms",
    "floor ms",
    "merge/floor",
    "merge MB",
    "evaluate",
  ];
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
      `${(100 * row.evalShare).toFixed(0)}%`,
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
  for (const row of nats ?? []) {
    const kb = row.objectBytes / 1024;
    lines.push(
      `NATS (${row.latencyMs} ms added each way): one template reading ${row.keys} KV keys and ` +
        `${row.objects} objects of ${kb} KB`,
      `  merge: ${row.mergeMs.toFixed(0)} ms (median of ${NATS_RUNS})`,
      `  merge with REDACT=1 (no NATS I/O): ${row.redactedMs.toFixed(0)} ms`,
      `  time spent on NATS: ${row.natsMs.toFixed(0)} ms`,
      `  ${row.keys} sequential single-key gets: ${row.sequentialMs.toFixed(0)} ms`,
      `  connections opened per merge: ${row.connections}`,
      "",
    );
  }
  if (vault) {
    lines.push(
      `Vault: one template reading ${vault.secrets} secrets (server answers after ${vault.latencyMs} ms)`,
      `  merge: ${vault.mergeMs.toFixed(0)} ms (median of 3)`,
      `  ${vault.secrets} sequential reads: ${vault.sequentialMs.toFixed(0)} ms`,
      "",
    );
  }
  lines.push("targets:");
  for (const { name, value, relation, limit, unit, met } of targets) {
    const text = (n: number) =>
      unit === "x" ? `${n.toFixed(2)}x` : `${n.toFixed(0)} ${unit}`.trim();
    lines.push(
      `  ${name}: ${text(value)} (target ${relation} ${text(limit)}) ${met ? "met" : "MISSED"}`,
    );
  }
  console.log(lines.join("\n"));
}

function progress(message: string): void {
  console.error(`bench: ${message}`);
}
