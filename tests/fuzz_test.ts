/**
 * Fuzz test: thousands of random templates (tests/_helpers/fuzz_templates.ts) merged and
 * evaluated. graft must never throw anything but a clean error, and never hang: each batch runs
 * in a worker that is stopped after a deadline.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { FuzzFailure } from "./_helpers/fuzz_worker.ts";

const CASES = 3000;
const BATCH = 500;
const DEADLINE_MS = 60_000;

/** Runs the seeds `from` to `to` in a worker; rejects when it does not answer in time. */
function runBatch(from: number, to: number): Promise<FuzzFailure[]> {
  const worker = new Worker(new URL("./_helpers/fuzz_worker.ts", import.meta.url), {
    type: "module",
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<FuzzFailure[]>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`seeds ${from}..${to} did not finish in ${DEADLINE_MS} ms`)),
      DEADLINE_MS,
    );
    worker.onmessage = (event) => resolve(event.data.failures);
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`seeds ${from}..${to}: ${event.message}`));
    };
    worker.postMessage({ from, to });
  }).finally(() => {
    clearTimeout(timer);
    worker.terminate();
  });
}

Deno.test("random templates end in a result or a clean error, never a crash or a hang", async () => {
  const batches = [];
  for (let from = 0; from < CASES; from += BATCH) batches.push(runBatch(from, from + BATCH));
  const failures = (await Promise.all(batches)).flat();
  const report = failures.slice(0, 3).map((f) =>
    `seed ${f.seed}:\n${f.documents.join("---\n")}\n=> ${f.error}`
  );
  assert.equal(failures.length, 0, `${failures.length} unclean failures:\n${report.join("\n\n")}`);
});
