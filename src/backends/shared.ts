/**
 * What the backends share: retrying transient failures with backoff, a cap on concurrent
 * requests, and a per-run cache in which identical concurrent lookups share one request.
 *
 * @module
 */

/** How {@link retry} retries. */
export interface RetryOptions {
  /**
   * True for a failure that may pass on its own (a dropped connection, a 503); any other failure
   * ends the attempts at once.
   */
  readonly transient: (error: unknown) => boolean;
  /** Attempts in all, the first included. @default 3 */
  readonly attempts?: number;
  /** The pause before the second attempt, in milliseconds. @default 250 */
  readonly delay?: number;
  /** What each pause is multiplied by for the next. @default 2 */
  readonly factor?: number;
  /** The longest pause, in milliseconds. @default 4000 */
  readonly maxDelay?: number;
}

/**
 * Runs a task until it succeeds, retrying transient failures with exponential backoff.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { retry } from "./shared.ts";
 * let calls = 0;
 * const flaky = () => ++calls < 3 ? Promise.reject(new TypeError("reset")) : Promise.resolve("ok");
 * const result = await retry(flaky, { transient: (e) => e instanceof TypeError, delay: 1 });
 * assert.equal(result, "ok");
 * assert.equal(calls, 3);
 * ```
 * @throws the task's last failure, once it is not transient or the attempts are used up
 */
export async function retry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 3;
  const maxDelay = options.maxDelay ?? 4000;
  let delay = options.delay ?? 250;
  for (let attempt = 1;; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts || !options.transient(error)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * (options.factor ?? 2), maxDelay);
  }
}

/** Runs tasks with at most `limit` of them in progress at once; the others wait their turn. */
export class Limiter {
  readonly #limit: number;
  readonly #waiting: (() => void)[] = [];
  #active = 0;

  /** @param limit how many tasks may run at once (at least 1) */
  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Runs the task as soon as a place is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.#limit) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A waiting task takes the place over; otherwise it is freed.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/**
 * Values loaded at most once per key, for the length of a run. Concurrent requests for a key
 * share one load; a failed load is forgotten, so a later request loads again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LoadCache } from "./shared.ts";
 * const cache = new LoadCache<number>();
 * let loads = 0;
 * const load = () => Promise.resolve(++loads);
 * assert.deepEqual(await Promise.all([cache.get("a", load), cache.get("a", load)]), [1, 1]);
 * assert.equal(loads, 1);
 * ```
 */
export class LoadCache<V> {
  readonly #entries = new Map<string, Promise<V>>();

  /** The value of a key: the one loaded or loading, else what `load` gives. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    let entry = this.#entries.get(key);
    if (!entry) {
      const loading = load();
      this.#entries.set(key, loading);
      loading.catch(() => {
        if (this.#entries.get(key) === loading) this.#entries.delete(key);
      });
      entry = loading;
    }
    return entry;
  }
}
