import assert from "node:assert/strict";
import {
  deepCopy,
  Expression,
  Float,
  formatErrorBlock,
  GraftErrors,
  type Value,
} from "../core/mod.ts";
import { mergeDocuments, type MergeOptions, type MergeResult } from "./merge.ts";
import { m, v } from "./_testing.ts";

/** Merges literal documents (named `doc0.yml`, `doc1.yml`…). */
function merge(docs: unknown[], options?: MergeOptions): MergeResult {
  return mergeDocuments(docs.map((doc, i) => ({ value: v(doc), file: `doc${i}.yml` })), options);
}

/** The error block a failing merge throws. */
function failure(docs: unknown[], options?: MergeOptions): GraftErrors {
  try {
    merge(docs, options);
  } catch (error) {
    if (error instanceof GraftErrors) return error;
    throw error;
  }
  assert.fail("mergeDocuments() did not throw");
}

Deno.test("mergeDocuments() deep-merges maps and lets later scalars win", () => {
  const { root } = merge([
    { a: { b: 1, c: { d: "x" } }, keep: true },
    { a: { c: { e: new Float(2.5) }, f: "new" } },
    { a: { b: "replaced" } },
  ]);
  assert.deepEqual(
    root,
    m({ a: { b: "replaced", c: { d: "x", e: new Float(2.5) }, f: "new" }, keep: true }),
  );
});

Deno.test("mergeDocuments() replaces on mismatched types and stores null", () => {
  const { root } = merge([
    { map: { x: 1 }, list: [1, 2], scalar: "s", gone: "value", sub: { k: 1 } },
    { map: "now a string", list: { now: "a map" }, scalar: [1], gone: null, sub: null },
  ]);
  assert.deepEqual(
    root,
    m({ map: "now a string", list: { now: "a map" }, scalar: [1], gone: null, sub: null }),
  );
});

Deno.test("mergeDocuments() puts a container over a scalar as written, markers and all", () => {
  const { root } = merge([{ a: 1, b: "s" }, {
    a: { l: ["(( append ))", 1] },
    b: ["(( prepend ))"],
  }]);
  assert.deepEqual(root, m({ a: { l: ["(( append ))", 1] }, b: ["(( prepend ))"] }));
});

Deno.test("mergeDocuments() merges onto a null value like onto nothing", () => {
  const { root } = merge([{ a: null, l: null }, { a: { b: 1 }, l: ["(( append ))", "x"] }]);
  assert.deepEqual(root, m({ a: { b: 1 }, l: ["x"] }));
});

Deno.test("mergeDocuments() counts a null document as an empty map", () => {
  assert.deepEqual(merge([null, { a: 1 }, null]).root, m({ a: 1 }));
  assert.deepEqual(merge([]).root, new Map());
});

Deno.test("mergeDocuments() leaves expressions opaque and lets later documents overwrite them", () => {
  const { root } = merge([
    { a: "(( grab b ))", b: "(( concat a b ))" },
    { a: "plain" },
  ]);
  assert.deepEqual(root, m({ a: "plain", b: new Expression("(( concat a b ))") }));
});

Deno.test("mergeDocuments() adopts the first document and never aliases later ones", () => {
  const first = m({ a: { b: 1 } });
  const second = m({ a: { c: { d: [1] } }, s: 1, list: ["(( append ))", { k: "v" }] });
  const third = m({ a: { c: { d: [2] } }, s: { now: "map" }, list: [{ k: "changed" }] });
  const secondBefore = deepCopy(second);
  const thirdBefore = deepCopy(third);
  const { root } = mergeDocuments([
    { value: first, file: "1" },
    { value: second, file: "2" },
    { value: third, file: "3" },
  ]);
  assert.equal(root, first);
  assert.deepEqual(second, secondBefore);
  assert.deepEqual(third, thirdBefore);
  (root.get("s") as Map<string, Value>).set("now", "mutated");
  ((root.get("list") as Value[])[0] as Map<string, Value>).set("k", "mutated");
  assert.deepEqual(third, thirdBefore);
});

Deno.test("mergeDocuments() copies a container the first document holds twice", () => {
  const shared = m({ k: 1 });
  const first = new Map<string, Value>([["a", shared], ["b", shared], ["l", [shared, shared]]]);
  const { root } = mergeDocuments([
    { value: first, file: "1" },
    { value: m({ a: { k: 2 }, l: [{ k: 3 }] }), file: "2" },
  ]);
  assert.deepEqual(root, m({ a: { k: 2 }, b: { k: 1 }, l: [{ k: 3 }, { k: 1 }] }));
});

Deno.test("mergeDocuments() rejects a document whose root is not a map", () => {
  for (const root of [["a"], "text", 5]) {
    const error = failure([{ ok: 1 }, root]);
    assert.equal(error.errors.length, 1);
    const [only] = error.errors;
    assert.equal(only.code, "input");
    assert.equal(only.file, "doc1.yml");
    assert.equal(
      only.message,
      "Root of YAML document is not a hash/map: type assertion to map[interface]interface{} failed\n",
    );
  }
});

Deno.test("mergeDocuments() reports every merge error of every document together", () => {
  const error = failure([
    { a: "(( merge ))", list: [{ name: "x" }] },
    { b: { c: "((merge on id))" }, list: ["(( merge ))", "scalar"] },
  ]);
  assert.equal(
    formatErrorBlock(error.errors),
    "3 error(s) detected:\n" +
      " - $.a: inappropriate use of (( merge )) operator outside of a list (this is graft, after all)\n" +
      " - $.b.c: inappropriate use of (( merge )) operator outside of a list (this is graft, after all)\n" +
      " - $.list.0: new object is a string, not a map - cannot merge by key\n\n\n",
  );
  assert.ok(error.errors.every((e) => e.code === "merge"));
});

Deno.test("mergeDocuments() rejects an argument-bearing (( delete )) as a map value", () => {
  const error = failure([{ a: "x", b: { c: "y" } }, {
    a: `(( delete "x" ))`,
    b: { c: "(( delete 0 ))" },
    d: "(( delete name x ))",
  }]);
  assert.deepEqual(error.errors.map((e) => e.describe()).sort(), [
    "$.a: inappropriate use of (( delete )) operator outside of a list",
    "$.b.c: inappropriate use of (( delete )) operator outside of a list",
    "$.d: inappropriate use of (( delete )) operator outside of a list",
  ]);
  assert.deepEqual(merge([{ a: "x" }, { a: "(( delete ))" }]).root, m({ a: "(( delete ))" }));
});

Deno.test("mergeDocuments() names map keys of any type in error paths as spruce does", () => {
  const doc = new Map<unknown, Value>([[1, "(( merge ))"], [true, m({ x: "(( merge ))" })]]);
  const error = failure([doc]);
  assert.deepEqual(error.errors.map((e) => e.describe()).sort(), [
    "$.1: inappropriate use of (( merge )) operator outside of a list (this is graft, after all)",
    "$.true.x: inappropriate use of (( merge )) operator outside of a list (this is graft, after all)",
  ]);
});

Deno.test("mergeDocuments() records a prune ghost when an earlier (( prune )) is overwritten", () => {
  const result = merge([{ a: "(( prune ))", b: { c: "(( prune ))" } }, {
    a: { x: 1 },
    b: { c: 2 },
  }]);
  assert.deepEqual(result.root, m({ a: { x: 1 }, b: { c: 2 } }));
  assert.deepEqual(result.prunePaths, [["a"], ["b", "c"]]);
});

Deno.test("mergeDocuments() keeps the value under a later (( prune )) and records the path", () => {
  const result = merge([{ a: { x: 1 }, l: ["p", "q", "r"] }, {
    a: "((prune))",
    l: ["p", "(( prune ))"],
  }, { a: "(( prune ))" }]);
  assert.deepEqual(result.root, m({ a: { x: 1 }, l: ["p", "q", "r"] }));
  assert.deepEqual(result.prunePaths, [["a"], ["l", 1]]);
});

Deno.test("mergeDocuments() leaves (( prune )) over nothing for the evaluator", () => {
  const result = merge([{ a: null }, { a: "(( prune ))", b: "(( prune ))" }]);
  assert.deepEqual(result.root, m({ a: "(( prune ))", b: "(( prune ))" }));
  assert.deepEqual(result.prunePaths, []);
});

Deno.test("mergeDocuments() names key-merged entries in ghost paths", () => {
  const result = merge([
    { jobs: [{ name: "web", props: { debug: true, port: 80 } }] },
    { jobs: [{ name: "web", props: { debug: "(( prune ))" } }] },
  ]);
  assert.deepEqual(result.prunePaths, [["jobs", "web", "props", "debug"]]);
  assert.deepEqual(result.root, m({ jobs: [{ name: "web", props: { debug: true, port: 80 } }] }));
});

Deno.test("mergeDocuments() records sort ghosts; the first document to mark a path wins", () => {
  const result = merge([
    { a: "(( sort ))", b: [3, 1], c: [{ id: 2 }] },
    { a: [2, 1], b: "(( sort by x ))", c: `(( sort by "id" ))` },
    { b: "(( sort by y ))" },
  ]);
  assert.deepEqual(result.root, m({ a: [2, 1], b: [3, 1], c: [{ id: 2 }] }));
  assert.deepEqual(result.sortPaths, [
    { path: ["a"] },
    { path: ["b"], by: "x" },
    { path: ["c"], by: `"id"` },
  ]);
});

Deno.test("mergeDocuments() leaves an orphaned (( sort )) in place for the evaluator", () => {
  const result = merge([{ a: "(( sort by id ))" }]);
  assert.deepEqual(result.root, m({ a: "(( sort by id ))" }));
  assert.deepEqual(result.sortPaths, []);
});

Deno.test("mergeDocuments() treats quoted marker strings like expressions, as spruce does", () => {
  const doc = new Map<string, Value>([["l", ["(( append ))", "z"]]]);
  assert.deepEqual(merge([{ l: ["a"] }, doc]).root, m({ l: ["a", "z"] }));
});
