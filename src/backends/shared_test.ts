import assert from "node:assert/strict";
import { Limiter, LoadCache, retry } from "./shared.ts";

class Transient extends Error {}

Deno.test("retry() retries transient failures until one attempt succeeds", async () => {
  let calls = 0;
  const result = await retry(
    () => ++calls < 3 ? Promise.reject(new Transient()) : Promise.resolve(calls),
    { transient: (e) => e instanceof Transient, delay: 1 },
  );
  assert.equal(result, 3);
});

Deno.test("retry() gives up after the last attempt with the last failure", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => Promise.reject(new Transient(`failure ${++calls}`)), {
      transient: () => true,
      attempts: 4,
      delay: 1,
    }),
    { message: "failure 4" },
  );
  assert.equal(calls, 4);
});

Deno.test("retry() does not retry a failure that is not transient", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => {
      calls++;
      return Promise.reject(new Error("not found"));
    }, { transient: (e) => e instanceof Transient, delay: 1 }),
    { message: "not found" },
  );
  assert.equal(calls, 1);
});

Deno.test("retry() doubles its pause up to the longest", async () => {
  const started = performance.now();
  await assert.rejects(retry(() => Promise.reject(new Transient()), {
    transient: () => true,
    attempts: 4,
    delay: 20,
    maxDelay: 30,
  }));
  // Pauses of 20, 30 (not 40) and 30 ms.
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 78 && elapsed < 200, `took ${elapsed} ms`);
});

Deno.test("Limiter runs at most its limit of tasks at once, and every task", async () => {
  const limiter = new Limiter(3);
  let running = 0;
  let most = 0;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    limiter.run(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return i;
    })));
  assert.equal(most, 3);
  assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
});

Deno.test("Limiter frees the place of a task that fails", async () => {
  const limiter = new Limiter(1);
  await assert.rejects(limiter.run(() => Promise.reject(new Error("boom"))));
  assert.equal(await limiter.run(() => Promise.resolve("next")), "next");
});

Deno.test("LoadCache shares one load among concurrent requests and keeps its value", async () => {
  const cache = new LoadCache<string>();
  let loads = 0;
  const load = async () => {
    loads++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return "value";
  };
  assert.deepEqual(await Promise.all([cache.get("k", load), cache.get("k", load)]), [
    "value",
    "value",
  ]);
  assert.equal(await cache.get("k", load), "value");
  assert.equal(await cache.get("other", load), "value");
  assert.equal(loads, 2);
});

Deno.test("LoadCache forgets a failed load, so the next request loads again", async () => {
  const cache = new LoadCache<string>();
  const failing = () => Promise.reject(new Error("down"));
  await assert.rejects(Promise.all([cache.get("k", failing), cache.get("k", failing)]), {
    message: "down",
  });
  assert.equal(await cache.get("k", () => Promise.resolve("up")), "up");
});
