import assert from "node:assert/strict";
import { Expression } from "../core/mod.ts";
import {
  ghostMarker,
  markerText,
  misplacedMarker,
  parseListMarker,
  sortMarkerKey,
} from "./markers.ts";

const base = { index: 0, key: "", name: "", relative: "" };

Deno.test("parseListMarker() reads every array marker, whitespace inside (( )) free", () => {
  const cases: [string, unknown][] = [
    ["(( append ))", { ...base, op: "insert", index: -1 }],
    ["((append))", { ...base, op: "insert", index: -1 }],
    ["((\tprepend   ))", { ...base, op: "insert" }],
    ["(( inline ))", { ...base, op: "inline" }],
    ["(( replace))", { ...base, op: "replace" }],
    ["(( merge ))", { ...base, op: "mergeOnKey" }],
    ["((merge on  job_name ))", { ...base, op: "mergeOnKey", key: "job_name" }],
    ["(( insert after 2 ))", { ...base, op: "insert", index: 2, relative: "after" }],
    ["((insert before 0))", { ...base, op: "insert", relative: "before" }],
    [`(( insert after "web" ))`, {
      ...base,
      op: "insert",
      relative: "after",
      key: "id",
      name: "web",
    }],
    [`(( insert before job "a b" ))`, {
      ...base,
      op: "insert",
      relative: "before",
      key: "job",
      name: "a b",
    }],
    ["(( delete 3 ))", { ...base, op: "delete", index: 3 }],
    ["(( delete -1 ))", { ...base, op: "delete", index: -1 }],
    [`(( delete "x y" ))`, { ...base, op: "delete", key: "id", name: "x y" }],
    [`(( delete job "x" ))`, { ...base, op: "delete", key: "job", name: "x" }],
    ["(( delete x ))", { ...base, op: "delete", key: "id", name: "x" }],
    ["(( delete job x ))", { ...base, op: "delete", key: "job", name: "x" }],
    // spruce's unquoted pattern leaves no key when `))` follows the name directly
    ["(( delete x))", { ...base, op: "delete", name: "x" }],
  ];
  for (const [text, want] of cases) {
    assert.deepEqual(parseListMarker(text, false, "id"), want, text);
  }
});

Deno.test("parseListMarker() leaves ordinary entries alone", () => {
  const texts = [
    "append",
    " (( append ))",
    "(( append )) x",
    "(( appendix ))",
    "(( delete ))",
    "(( merge on ))",
    "(( insert after ))",
    "(( grab x ))",
    "(( insert after 99999999999999999999 ))",
    "(( delete 99999999999999999999 ))",
  ];
  for (const text of texts) assert.equal(parseListMarker(text, false, "name"), undefined, text);
});

Deno.test("parseListMarker() on a simple list deletes by value and drops keyed deletes", () => {
  assert.deepEqual(parseListMarker(`(( delete "a" ))`, true, "name"), {
    ...base,
    op: "delete",
    name: "a",
  });
  assert.deepEqual(parseListMarker("(( delete a ))", true, "name"), {
    ...base,
    op: "delete",
    name: "a",
  });
  assert.equal(parseListMarker(`(( delete name "a" ))`, true, "name"), "skip");
  assert.equal(parseListMarker("(( delete name a ))", true, "name"), "skip");
});

Deno.test("markerText() reads strings and expressions only", () => {
  assert.equal(markerText("(( append ))"), "(( append ))");
  assert.equal(markerText(new Expression("(( prune ))")), "(( prune ))");
  assert.equal(markerText(5), undefined);
  assert.equal(markerText(null), undefined);
});

Deno.test("ghostMarker() matches spruce's unanchored prune pattern", () => {
  for (const text of ["(( prune ))", "((prune))", " \t(( prune ))", "(( prune )) and more"]) {
    assert.equal(ghostMarker(text), "prune", text);
  }
  for (const text of ["(( prune x ))", "prune", "x (( prune ))", "(( pruned ))"]) {
    assert.equal(ghostMarker(text), undefined, text);
  }
});

Deno.test("ghostMarker() and sortMarkerKey() read the sort key as spruce renders it", () => {
  const cases: [string, { by: string | undefined } | undefined][] = [
    ["(( sort ))", { by: undefined }],
    ["((sort))", { by: undefined }],
    ["(( sort by id ))", { by: "id" }],
    ["(( sort by ))", { by: undefined }],
    [`(( sort by "id" ))`, { by: `"id"` }],
    ["(( sort by a b ))", { by: undefined }],
    [`(( sort by "open ))`, undefined],
  ];
  for (const [text, want] of cases) {
    assert.equal(ghostMarker(text), "sort", text);
    assert.deepEqual(sortMarkerKey(text), want, text);
  }
  for (const text of ["(( sort id ))", "(( sort )) x", "(( sorted ))"]) {
    assert.equal(ghostMarker(text), undefined, text);
  }
});

Deno.test("misplacedMarker() finds (( merge … )), not BOSH variables that start with merge", () => {
  for (const text of ["(( merge ))", "((merge))", "(( merge on x ))", " (( merge || nil ))"]) {
    assert.equal(misplacedMarker(text), "merge", text);
  }
  for (
    const text of ["merge", "x (( merge ))", "(( grab merge ))", "((merge_cfg))", "((merged))"]
  ) {
    assert.equal(misplacedMarker(text), undefined, text);
  }
});

Deno.test("misplacedMarker() finds argument-bearing deletes only", () => {
  for (const text of ["(( delete 0 ))", `(( delete "a" ))`, "(( delete a.b ))", "((delete k v))"]) {
    assert.equal(misplacedMarker(text), "delete", text);
  }
  for (const text of ["(( delete ))", "((delete))", "(( deleted x ))"]) {
    assert.equal(misplacedMarker(text), undefined, text);
  }
});
