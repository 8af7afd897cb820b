import assert from "node:assert/strict";
import { seededSource, shuffleInPlace } from "./shuffle.ts";

Deno.test("seededSource() repeats for the same seed and path, and differs otherwise", () => {
  const draws = (seed: string, path: (string | number)[]) => {
    const source = seededSource(seed, path);
    return Array.from({ length: 8 }, source);
  };
  assert.deepEqual(draws("42", ["a", 0]), draws("42", ["a", 0]));
  assert.notDeepEqual(draws("42", ["a", 0]), draws("43", ["a", 0]));
  assert.notDeepEqual(draws("42", ["a", 0]), draws("42", ["a", 1]));
  for (const draw of draws("42", ["a"])) {
    assert.ok(Number.isInteger(draw) && draw >= 0 && draw < 2 ** 32);
  }
});

Deno.test("shuffleInPlace() permutes every entry exactly once", () => {
  const list = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = shuffleInPlace([...list], seededSource("x", []));
  assert.notDeepEqual(shuffled, list);
  assert.deepEqual([...shuffled].sort((a, b) => a - b), list);
});

Deno.test("shuffleInPlace() puts each entry in each place about equally often", () => {
  const source = seededSource("uniform", []);
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[shuffleInPlace(["a", "b", "c"], source).indexOf("a")]++;
  for (const count of counts) assert.ok(count > 850 && count < 1150, `${counts}`);
});

Deno.test("shuffleInPlace() rejects draws that would bias the result", () => {
  // 2**32 - 1 lies above the largest multiple of 3 below 2**32: it must be drawn again.
  const draws = [2 ** 32 - 1, 4];
  assert.deepEqual(shuffleInPlace(["a", "b", "c"], () => draws.shift() ?? 0), ["c", "a", "b"]);
});
