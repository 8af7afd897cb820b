import assert from "node:assert/strict";
import {
  Expression,
  Float,
  formatErrorBlock,
  GraftErrors,
  parsePath,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { sortLists, type SortRequest } from "./sort.ts";

const m = (entries: Record<string, Value>): YamlMap => new Map(Object.entries(entries));

/** The printed error block of a sort expected to fail. */
function failure(root: Value, sorts: SortRequest[]): string {
  try {
    sortLists(root, sorts);
  } catch (e) {
    assert.ok(e instanceof GraftErrors);
    return formatErrorBlock(e.errors);
  }
  assert.fail("sortLists() did not throw");
}

Deno.test("sortLists() sorts strings by code point", () => {
  const list = ["b", "B", "a10", "a9", "\u{1F600}", "\uFFFD", ""];
  sortLists(m({ list }), [{ path: ["list"] }]);
  assert.deepStrictEqual(list, ["", "B", "a10", "a9", "b", "\uFFFD", "\u{1F600}"]);
});

Deno.test("sortLists() compares ints, floats and big ints together by value", () => {
  const list: Value[] = [3, new Float(2.5), -1n << 70n, 2, new Float(-0.5), 1n << 70n];
  sortLists(m({ list }), [{ path: ["list"] }]);
  assert.deepStrictEqual(list, [-1n << 70n, new Float(-0.5), 2, new Float(2.5), 3, 1n << 70n]);
});

Deno.test("sortLists() is stable and puts NaN first", () => {
  const one = new Float(1);
  const list: Value[] = [1, one, new Float(NaN), new Float(0)];
  sortLists(m({ list }), [{ path: ["list"] }]);
  assert.deepStrictEqual(list, [new Float(NaN), new Float(0), 1, one]);
  assert.equal(list[3], one);
});

Deno.test("sortLists() sorts maps by name, by arrayMergeKey, or by the given key", () => {
  const entries = () => [m({ name: "b", id: 2 }), m({ name: "c", id: 1 }), m({ name: "a", id: 3 })];
  const root = m({ byName: entries(), byId: entries(), byDefault: entries() });
  sortLists(root, [{ path: ["byName"], by: "" }, { path: ["byId"], by: "id" }]);
  sortLists(root, [{ path: ["byDefault"] }], { arrayMergeKey: "id" });
  const names = (key: string) => (root.get(key) as YamlMap[]).map((e) => e.get("name"));
  assert.deepStrictEqual(names("byName"), ["a", "b", "c"]);
  assert.deepStrictEqual(names("byId"), ["c", "b", "a"]);
  assert.deepStrictEqual(names("byDefault"), ["c", "b", "a"]);
});

Deno.test("sortLists() orders mixed sort-key types: numbers, then strings, then the rest", () => {
  const list = [
    m({ k: "b" }),
    m({ k: true }),
    m({ k: new Float(1.5) }),
    m({ k: "a" }),
    m({ k: 1 }),
  ];
  sortLists(m({ list }), [{ path: ["list"], by: "k" }]);
  assert.deepStrictEqual(list.map((e) => e.get("k")), [1, new Float(1.5), "a", "b", true]);
});

Deno.test("sortLists() keeps lists of booleans or nulls, and sorts unevaluated text as text", () => {
  const bools = [true, false, true];
  const text: Value[] = ["b", new Expression("(( grab a ))"), "("];
  sortLists(
    m({ bools, text, empty: [] }),
    [["bools"], ["text"], ["empty"]].map((path) => ({ path })),
  );
  assert.deepStrictEqual(bools, [true, false, true]);
  assert.deepStrictEqual(text, ["(", new Expression("(( grab a ))"), "b"]);
});

Deno.test("sortLists() finds lists through list entries", () => {
  const root = m({ jobs: [m({ name: "web", ports: [443, 80] })] });
  sortLists(root, [{ path: parsePath("jobs.web.ports") }]);
  assert.deepStrictEqual(root, m({ jobs: [m({ name: "web", ports: [80, 443] })] }));
});

Deno.test("sortLists() reports each failure in spruce's words", () => {
  const root = m({
    mixed: [1, "1"],
    nulls: ["a", null],
    lists: [[2], [1]],
    nokey: [m({ foo: "one" }), m({ key: "two" })],
    deepkey: [m({ name: m({}) })],
    map: m({}),
    scalar: "x",
  });
  const sorts = ["mixed", "nulls", "lists", "map", "scalar", "gone.deeper", "mixed.0.x"]
    .map((path): SortRequest => ({ path: parsePath(path) }))
    .concat([{ path: ["nokey"], by: "foo" }, { path: ["deepkey"] }]);
  assert.equal(
    failure(root, sorts),
    "9 error(s) detected:\n" +
      " - $.deepkey is a list with map entries, where some do not contain name " +
      "(not a list with map entries each containing name)\n" +
      " - $.lists is a list with list entries (not a list with maps, strings or numbers)\n" +
      " - $.map is a map (not a list)\n" +
      " - $.mixed is a list with different types (not a list with homogeneous entry types)\n" +
      " - $.mixed.0 [=1] is a scalar (not a map or a list)\n" +
      " - $.nokey is a list with map entries, where some do not contain foo " +
      "(not a list with map entries each containing foo)\n" +
      " - $.nulls is a list with different types (not a list with homogeneous entry types)\n" +
      " - $.scalar is a scalar (not a list)\n" +
      " - `$.gone` could not be found in the datastructure\n\n\n",
  );
});

Deno.test("sortLists() sorts the good lists even when others fail", () => {
  const good = [2, 1];
  failure(m({ good, bad: "x" }), [{ path: ["bad"] }, { path: ["good"] }]);
  assert.deepStrictEqual(good, [1, 2]);
});
