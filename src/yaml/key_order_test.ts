import assert from "node:assert/strict";
import { Float, type Key } from "../core/mod.ts";
import { compareKeys, compareKeyStrings, keyToValue } from "./key_order.ts";

/** Every ordered pair of the list compares the right way, and a reversed copy sorts back. */
function assertOrder(keys: Key[]): void {
  for (let i = 0; i < keys.length; i++) {
    for (let j = 0; j < keys.length; j++) {
      const sign = Math.sign(compareKeys(keys[i], keys[j]));
      assert.equal(sign, Math.sign(i - j), `${String(keys[i])} vs ${String(keys[j])}`);
    }
  }
  assert.deepStrictEqual([...keys].reverse().sort(compareKeys), keys);
}

Deno.test("compareKeys() orders strings as spruce does (OUTPUT-FORMAT rule 10)", () => {
  assertOrder(["", " space", "#hash", "-dash", "😀", "Zeta", "zeta", "éclair", "Ωmega"]);
  assertOrder(["a1", "a01", "a001b", "a2", "a10"]);
  assertOrder(["item-9", "item-10", "item_1"]);
  assertOrder(["v1.9.0", "v1.10.0"]);
  assertOrder(["9", "9.5", "09", "10", "z9", "z9-", "z9_", "z9a", "z09", "z10"]);
  assertOrder(["9223372036854775808", " "]);
});

Deno.test("compareKeys() puts numbers and booleans first, then null, then strings", () => {
  assertOrder([-1, false, true, 1, 1.5, 2, 10, null, "3", "abc"]);
});

Deno.test("compareKeys() breaks numeric ties by kind: bool < int < uint < float", () => {
  assertOrder([true, 1, 1.5]);
  // All three are 2^63 as float64: int 2^63-1, uint 2^63, and a float.
  assertOrder([9223372036854775807n, 9223372036854775808n, 9223372036854775808]);
  // Ints equal as float64 still compare exactly.
  assertOrder([-9223372036854775808n, -1.5, 0, 9007199254740992n, 9007199254740993n]);
});

Deno.test("compareKeys() leaves NaN unordered against numbers", () => {
  assert.equal(compareKeys(NaN, 1), 0);
  assert.equal(compareKeys(1, NaN), 0);
  assert.ok(compareKeys(NaN, null) < 0);
  assert.ok(compareKeys("a", NaN) > 0);
});

Deno.test("compareKeyStrings() compares whole digit runs even after identical digits", () => {
  // spruce's go-yaml fork carries go-yaml PR #195: identical digits are not skipped.
  assertOrder(["a/17", "a/20", "a/100"]);
  assertOrder(["x19", "x1000"]);
  assertOrder(["1a", "10a"]);
  assertOrder(["q2GB", "q4GB", "q256MB"]);
});

Deno.test("compareKeyStrings() follows Go's rune-based quirks", () => {
  // Non-ASCII digits count as their code point minus '0': U+0666 is worth 1590.
  assertOrder(["1000", "\u0666", "2000"]);
  // Letters compare by code point, case-sensitively; non-letters (emoji too) come first.
  assertOrder(["B", "a", "\u{1D400}"]);
  assertOrder(["x\u{1F600}", "xa"]);
  assert.ok(compareKeyStrings("\u{1F600}", "\u{1F601}") < 0);
  assert.equal(compareKeyStrings("same", "same"), 0);
});

Deno.test("keyToValue() treats integer keys as ints and other numbers as floats", () => {
  assert.equal(keyToValue(3), 3);
  assert.equal(keyToValue(7n), 7n);
  assert.deepStrictEqual(keyToValue(1.5), new Float(1.5));
  assert.deepStrictEqual(keyToValue(1e21), new Float(1e21));
  assert.equal(keyToValue("a"), "a");
  assert.equal(keyToValue(null), null);
});
