/**
 * `(( shuffle A B ... ))`: the arguments' values in random order.
 *
 * @module
 */

import { formatPathBare, GraftError, type Path, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/**
 * The `shuffle` operator. Lists contribute their entries and scalars themselves (null included);
 * the result is all of them in random order. With `GRAFT_SEED` set, the order is the same on every
 * run (it depends on the seed and the call's path); otherwise it comes from crypto randomness.
 *
 * @example
 * ```yaml
 * zones: (( shuffle meta.zones "z9" ))
 * ```
 */
export const shuffle: Operator = {
  async run(call, context) {
    const values: Value[] = [];
    for (const arg of call.args) {
      const value = await context.evaluate(arg);
      if (value instanceof Map) {
        throw new GraftError("eval", "shuffle only accepts arrays and string values");
      }
      if (Array.isArray(value)) values.push(...value);
      else values.push(value);
    }
    const seed = context.settings.env("GRAFT_SEED");
    return shuffleInPlace(values, seed ? seededSource(seed, context.path) : cryptoSource());
  },
};

/** A source of uniformly random 32-bit unsigned ints. */
export type RandomSource = () => number;

/** Shuffles a list in place (Fisher–Yates, unbiased) and returns it. */
export function shuffleInPlace<T>(list: T[], random: RandomSource): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = below(i + 1, random);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** A uniform int in `[0, n)`: draws above the largest multiple of `n` are rejected. */
function below(n: number, random: RandomSource): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const draw = random();
    if (draw < limit) return draw % n;
  }
}

function cryptoSource(): RandomSource {
  const buffer = new Uint32Array(1);
  return () => crypto.getRandomValues(buffer)[0];
}

/**
 * A reproducible source for `GRAFT_SEED` at a path: mulberry32 seeded with the FNV-1a hash of
 * the seed and the path, so each call's order is fixed whatever order the calls run in.
 */
export function seededSource(seed: string, path: Path): RandomSource {
  let state = 0x811c9dc5;
  for (const char of `${seed}\0${formatPathBare(path)}`) {
    state = Math.imul(state ^ char.codePointAt(0)!, 0x01000193);
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
