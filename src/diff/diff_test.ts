import assert from "node:assert/strict";
import { Float, type Value, type YamlMap } from "../core/mod.ts";
import { diffDocuments, diffValues } from "./diff.ts";

/** A map from entries, for short test inputs. */
function map(entries: Record<string, Value>): YamlMap {
  return new Map(Object.entries(entries));
}

Deno.test("diffValues() finds nothing between equal values", () => {
  const doc = () =>
    map({ a: 1, b: new Float(1.5), c: [1, "x", null], d: map({ e: true }), f: new Float(NaN) });
  assert.deepEqual(diffValues(doc(), doc()), []);
});

Deno.test("diffValues() reports added, removed and changed keys at their paths", () => {
  const from = map({ keep: 1, gone: "x", nested: map({ deep: map({ v: 1 }) }) });
  const to = map({ keep: 1, nested: map({ deep: map({ v: 2 }), extra: null }) });
  assert.deepEqual(diffValues(from, to), [
    { kind: "removed", path: ["gone"], from: "x" },
    { kind: "changed", path: ["nested", "deep", "v"], from: 1, to: 2 },
    { kind: "added", path: ["nested", "extra"], to: null },
  ]);
});

Deno.test("diffValues() tells ints, floats and strings apart", () => {
  const from = map({ a: 1, b: 1, c: new Float(1), d: 10n ** 20n });
  const to = map({ a: "1", b: new Float(1), c: new Float(1), d: 10n ** 20n + 1n });
  assert.deepEqual(diffValues(from, to), [
    { kind: "changed", path: ["a"], from: 1, to: "1" },
    { kind: "changed", path: ["b"], from: 1, to: new Float(1) },
    { kind: "changed", path: ["d"], from: 10n ** 20n, to: 10n ** 20n + 1n },
  ]);
});

Deno.test("diffValues() treats keys of different types as different keys", () => {
  const from: YamlMap = new Map<string | number | boolean, Value>([[1, "a"], [true, "b"]]);
  const to: YamlMap = new Map<string | number | boolean, Value>([["1", "a"], [true, "c"]]);
  assert.deepEqual(diffValues(from, to), [
    { kind: "changed", path: ["true"], from: "b", to: "c" },
    { kind: "removed", path: ["1"], from: "a" },
    { kind: "added", path: ["1"], to: "a" },
  ]);
});

Deno.test("diffValues() lists changes in spruce's key order, whatever the input order", () => {
  const from = map({ b10: 1, b2: 1, a: 1 });
  const to = map({ a: 2, b2: 2, b10: 2 });
  assert.deepEqual(diffValues(from, to).map((c) => c.path), [["a"], ["b2"], ["b10"]]);
});

Deno.test("diffValues() replaces a value whose kind changes as a whole", () => {
  const from = map({ a: map({ x: 1 }), b: [1] });
  const to = map({ a: [1], b: "1" });
  assert.deepEqual(diffValues(from, to), [
    { kind: "changed", path: ["a"], from: map({ x: 1 }), to: [1] },
    { kind: "changed", path: ["b"], from: [1], to: "1" },
  ]);
});

Deno.test("diffValues() compares other lists by index", () => {
  assert.deepEqual(diffValues([1, 2, 3], [1, 5]), [
    { kind: "changed", path: [1], from: 2, to: 5 },
    { kind: "removed", path: [2], from: 3 },
  ]);
  assert.deepEqual(diffValues([map({ a: 1 })], [map({ a: 2 }), 7]), [
    { kind: "changed", path: [0, "a"], from: 1, to: 2 },
    { kind: "added", path: [1], to: 7 },
  ]);
});

Deno.test("diffValues() compares lists of named entries by name", () => {
  const web = (n: number) => map({ name: "web", instances: n });
  const from = [web(1), map({ name: "db" }), map({ name: "old" })];
  const to = [map({ name: "db" }), map({ name: "new" }), web(2)];
  assert.deepEqual(diffValues(map({ jobs: from }), map({ jobs: to })), [
    { kind: "reordered", path: ["jobs"], from: ["web", "db"], to: ["db", "web"] },
    { kind: "changed", path: ["jobs", "web", "instances"], from: 1, to: 2 },
    { kind: "removed", path: ["jobs", "old"], from: map({ name: "old" }) },
    { kind: "added", path: ["jobs", "new"], to: map({ name: "new" }) },
  ]);
});

Deno.test("diffValues() names entries by name, else key, else id", () => {
  const byKey = diffValues(
    [map({ key: "a", id: "x", v: 1 }), map({ key: "b", id: "y" })],
    [map({ key: "b", id: "y" }), map({ key: "a", id: "x", v: 2 })],
  );
  assert.deepEqual(byKey[1], { kind: "changed", path: ["a", "v"], from: 1, to: 2 });
  // `name` is not on every entry, so `id` names them.
  const byId = diffValues(
    [map({ id: "a", name: "n", v: 1 }), map({ id: "b" })],
    [map({ id: "a", name: "n", v: 2 }), map({ id: "b" })],
  );
  assert.deepEqual(byId, [{ kind: "changed", path: ["a", "v"], from: 1, to: 2 }]);
  // An empty list and a named one: entries are added by name.
  assert.deepEqual(diffValues([], [map({ name: "a" })]), [
    { kind: "added", path: ["a"], to: map({ name: "a" }) },
  ]);
});

Deno.test("diffValues() falls back to indexes when names are missing, not strings or repeated", () => {
  const cases: [Value[], Value[]][] = [
    [[map({ name: "a", v: 1 }), "b"], [map({ name: "a", v: 2 }), "b"]],
    [[map({ name: 1, v: 1 })], [map({ name: 1, v: 2 })]],
    [[map({ name: "a", v: 1 }), map({ name: "a" })], [
      map({ name: "a", v: 2 }),
      map({ name: "a" }),
    ]],
  ];
  for (const [from, to] of cases) {
    assert.deepEqual(diffValues(from, to), [{ kind: "changed", path: [0, "v"], from: 1, to: 2 }]);
  }
});

Deno.test("diffDocuments() compares documents by position, from 1, leaving out equal ones", () => {
  const docs = diffDocuments([map({ a: 1 }), map({ b: 1 }), null], [map({ a: 1 }), map({ b: 2 })]);
  assert.deepEqual(docs, [
    { document: 2, changes: [{ kind: "changed", path: ["b"], from: 1, to: 2 }] },
    { document: 3, changes: [{ kind: "removed", path: [], from: null }] },
  ]);
  assert.deepEqual(diffDocuments([null], [null, map({ c: 1 })]), [
    { document: 2, changes: [{ kind: "added", path: [], to: map({ c: 1 }) }] },
  ]);
  assert.deepEqual(diffDocuments([map({ a: 1 })], [map({ a: 1 })]), []);
});
