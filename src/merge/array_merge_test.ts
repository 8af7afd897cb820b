import assert from "node:assert/strict";
import { Float, GraftErrors } from "../core/mod.ts";
import { mergeDocuments, type MergeOptions, type MergeResult } from "./merge.ts";
import { v } from "./_testing.ts";

/** Merges the `l` lists of literal documents and returns the merged list. */
function mergeLists(lists: unknown[], options?: MergeOptions): MergeResult {
  const docs = lists.map((l, i) => ({ value: v({ l }), file: `doc${i}.yml` }));
  return mergeDocuments(docs, options);
}

function merged(lists: unknown[], options?: MergeOptions): unknown {
  return mergeLists(lists, options).root.get("l");
}

/** The ` - $.path: message` lines of a failing merge. */
function errors(lists: unknown[], options?: MergeOptions): string[] {
  try {
    mergeLists(lists, options);
  } catch (error) {
    if (error instanceof GraftErrors) return error.errors.map((e) => e.describe()).sort();
    throw error;
  }
  assert.fail("mergeDocuments() did not throw");
}

interface Case {
  name: string;
  lists: unknown[];
  options?: MergeOptions;
  want: unknown;
}

function run(cases: Case[]) {
  for (const { name, lists, options, want } of cases) {
    assert.deepEqual(merged(lists, options), v(want), name);
  }
}

Deno.test("default array merge: by the identifying key, else inline, else append", () => {
  run([
    {
      name: "maps with names merge by name; new ones follow in overlay order",
      lists: [
        [{ name: "a", x: 1 }, { name: "b", x: 2 }],
        [{ name: "c" }, { name: "b", y: 3 }, { name: "d" }],
      ],
      want: [{ name: "a", x: 1 }, { name: "b", x: 2, y: 3 }, { name: "c" }, { name: "d" }],
    },
    {
      name: "names compare by type: the int 1 is not the string 1",
      lists: [[{ name: 1, x: 1 }, { name: "2" }], [{ name: "1", y: 1 }, { name: "2", z: 1 }]],
      want: [{ name: 1, x: 1 }, { name: "2", z: 1 }, { name: "1", y: 1 }],
    },
    {
      name: "floats and expressions are names too",
      lists: [
        [{ name: new Float(1.5) }, { name: "(( grab x ))", a: 1 }],
        [{ name: new Float(1.5), b: 1 }, { name: "(( grab x ))", b: 2 }],
      ],
      want: [{ name: new Float(1.5), b: 1 }, { name: "(( grab x ))", a: 1, b: 2 }],
    },
    {
      name: "a repeated overlay name: the last one merges into the match",
      lists: [[{ name: "a", x: 1 }], [{ name: "a", y: 1 }, { name: "a", y: 2 }]],
      want: [{ name: "a", x: 1, y: 2 }],
    },
    {
      name: "repeated new names are all added",
      lists: [[{ name: "a" }], [{ name: "b", n: 1 }, { name: "b", n: 2 }]],
      want: [{ name: "a" }, { name: "b", n: 1 }, { name: "b", n: 2 }],
    },
    {
      name: "an empty original passes vacuously",
      lists: [[], [{ name: "a" }]],
      want: [{ name: "a" }],
    },
    {
      name: "scalars merge by index; extra original entries stay",
      lists: [["a", "b", "c"], ["X"]],
      want: ["X", "b", "c"],
    },
    {
      name: "extra overlay entries are appended",
      lists: [["a"], ["X", "Y", null]],
      want: ["X", "Y", null],
    },
    {
      name: "one map without the key means inline; maps merge by index",
      lists: [[{ name: "a", x: 1 }, { other: 1 }], [{ name: "b", y: 1 }]],
      want: [{ name: "b", x: 1, y: 1 }, { other: 1 }],
    },
    {
      name: "nested lists merge with the same rules",
      lists: [[["a", "b"], { name: "x" }], [["A"], { k: 1 }]],
      want: [["A", "b"], { name: "x", k: 1 }],
    },
    {
      name: "--fallback-append appends where it would merge inline",
      lists: [["a", "b"], ["c"]],
      options: { fallbackAppend: true },
      want: ["a", "b", "c"],
    },
    {
      name: "--fallback-append still merges by key when it can",
      lists: [[{ name: "a", x: 1 }], [{ name: "a", y: 1 }]],
      options: { fallbackAppend: true },
      want: [{ name: "a", x: 1, y: 1 }],
    },
    {
      name: "the identifying key is configurable",
      lists: [[{ id: "a", x: 1 }, { id: "b" }], [{ id: "b", y: 2 }, { id: "c" }]],
      options: { arrayMergeKey: "id" },
      want: [{ id: "a", x: 1 }, { id: "b", y: 2 }, { id: "c" }],
    },
    {
      name: "the configured key replaces name (name alone merges inline)",
      lists: [[{ name: "a", x: 1 }], [{ name: "b" }]],
      options: { arrayMergeKey: "id" },
      want: [{ name: "b", x: 1 }],
    },
  ]);
});

Deno.test("default array merge warns when a key holds a map or a list", () => {
  // only when the first problem found is such a key: a scalar entry before it means no warning
  assert.deepEqual(mergeLists([[{ name: "a" }], ["x", { name: { deep: 1 } }]]).warnings, []);
  assert.deepEqual(mergeLists([[{ name: "a" }, "s"], [{ name: { deep: 1 } }]]).warnings, []);
  const cases: [unknown[], MergeOptions, string[]][] = [
    [[[], [{ name: { a: 1 } }]], {}, [
      "warning: $.l.0: new object's key 'name' cannot have a value which is a hash or sequence - cannot merge by key",
      "warning: Falling back to inline merge strategy",
    ]],
    // the first document warns against the empty root, the second against the first
    [[[{ name: "x" }, { name: ["y"] }], [{ name: "z" }]], { fallbackAppend: true }, [
      "warning: $.l.1: new object's key 'name' cannot have a value which is a hash or sequence - cannot merge by key",
      "warning: Falling back to append merge strategy",
      "warning: $.l.1: original object's key 'name' cannot have a value which is a hash or sequence - cannot merge by key",
      "warning: Falling back to append merge strategy",
    ]],
  ];
  for (const [lists, options, want] of cases) {
    const { warnings } = mergeLists(lists, options);
    assert.deepEqual(warnings, want);
    assert.ok(warnings.every((line) => !/^ - \$\./.test(line)));
  }
  assert.deepEqual(merged([[], [{ name: { a: 1 } }]]), v([{ name: { a: 1 } }]));
});

Deno.test("array markers: append, prepend, insert, replace, inline, merge", () => {
  run([
    { name: "append", lists: [["a"], ["(( append ))", "b", "c"]], want: ["a", "b", "c"] },
    { name: "append onto nothing", lists: [["(( append ))", "a"]], want: ["a"] },
    { name: "prepend", lists: [["a"], ["((prepend))", "b", "c"]], want: ["b", "c", "a"] },
    {
      name: "insert after an index",
      lists: [["a", "b"], ["(( insert after 0 ))", "x", "y"]],
      want: ["a", "x", "y", "b"],
    },
    {
      name: "insert before an index",
      lists: [["a", "b"], ["(( insert before 1 ))", "x"]],
      want: ["a", "x", "b"],
    },
    {
      name: "insert after the last index",
      lists: [["a", "b"], ["(( insert after 1 ))", "x"]],
      want: ["a", "b", "x"],
    },
    {
      name: "insert after a name",
      lists: [[{ name: "a" }, { name: "b" }], [`(( insert after "a" ))`, { name: "x" }]],
      want: [{ name: "a" }, { name: "x" }, { name: "b" }],
    },
    {
      name: "insert before a name under another key",
      lists: [[{ id: "a" }, { id: "b" }], [`(( insert before id "b" ))`, { id: "x" }]],
      want: [{ id: "a" }, { id: "x" }, { id: "b" }],
    },
    {
      name: "inserted entries are added as written (their markers stay)",
      lists: [[], ["(( append ))", { name: "a", l: ["(( append ))", 1] }]],
      want: [{ name: "a", l: ["(( append ))", 1] }],
    },
    {
      name: "replace",
      lists: [["a", "b"], ["(( replace ))", "c"]],
      want: ["c"],
    },
    {
      name: "inline merges maps by index even with names",
      lists: [
        [{ name: "a", x: 1 }, { name: "b" }],
        ["(( inline ))", { name: "z", y: 2 }],
      ],
      want: [{ name: "z", x: 1, y: 2 }, { name: "b" }],
    },
    {
      name: "merge by the default key",
      lists: [[{ name: "a", x: 1 }], ["(( merge ))", { name: "a", y: 1 }, { name: "b" }]],
      want: [{ name: "a", x: 1, y: 1 }, { name: "b" }],
    },
    {
      name: "merge on another key",
      lists: [[{ job: "a", x: 1 }], ["(( merge on job ))", { job: "a", y: 1 }]],
      want: [{ job: "a", x: 1, y: 1 }],
    },
    {
      name: "entries before the first marker get the default rule",
      lists: [["a", "b"], ["X", "(( append ))", "c"]],
      want: ["X", "b", "c"],
    },
    {
      name: "markers chain in order",
      lists: [
        [{ name: "a" }, { name: "b" }],
        [{ name: "b", v: 1 }, "(( prepend ))", { name: "z" }, `(( delete "a" ))`, "(( append ))", {
          name: "y",
        }],
      ],
      want: [{ name: "z" }, { name: "b", v: 1 }, { name: "y" }],
    },
    {
      name: "(( prune )) under (( inline )) keeps the original entry (its path is queued)",
      lists: [["a", "b", "c"], ["(( inline ))", "A", "(( prune ))"]],
      want: ["A", "b", "c"],
    },
  ]);
  const pruned = mergeLists([["a", "b", "c"], ["(( inline ))", "A", "(( prune ))"]]);
  assert.deepEqual(pruned.prunePaths, [["l", 1]]);
});

Deno.test("array markers: delete by index, by name, by value", () => {
  run([
    { name: "by index", lists: [["a", "b", "c"], ["(( delete 1 ))"]], want: ["a", "c"] },
    {
      name: "entries after a delete by index are dropped",
      lists: [["a", "b"], ["(( delete 0 ))", "ignored"]],
      want: ["b"],
    },
    {
      name: "by name, quoted",
      lists: [[{ name: "a" }, { name: "b" }], [`(( delete "a" ))`]],
      want: [{ name: "b" }],
    },
    {
      name: "by name under a key, unquoted",
      lists: [[{ id: "a" }, { id: "b" }], ["(( delete id b ))"]],
      want: [{ id: "a" }],
    },
    {
      name: "by value in a simple list",
      lists: [["one", "two words", "three"], [`(( delete "two words" ))`, "(( delete one ))"]],
      want: ["three"],
    },
    {
      name: "a keyed delete on a simple list is ignored",
      lists: [["a", "b"], [`(( delete name "a" ))`]],
      want: ["a", "b"],
    },
    {
      name: "an int entry is deleted by index, never by value",
      lists: [[10, 20, 30], ["(( delete 2 ))"]],
      want: [10, 20],
    },
    {
      name: "spruce's duplicate check skips the first entry",
      lists: [[{ name: "a" }, { name: "b" }], [`(( insert after "b" ))`, { name: "a" }]],
      want: [{ name: "a" }, { name: "b" }, { name: "a" }],
    },
    {
      name: "the bare (( delete )) is an ordinary entry",
      lists: [["a", "b"], ["(( delete ))"]],
      want: ["(( delete ))", "b"],
    },
  ]);
});

Deno.test("array markers: error texts", () => {
  const cases: [unknown[], string[]][] = [
    [[["a"], ["(( insert after 1 ))", "x"]], [
      "$.l: unable to modify the list, because specified index 2 is out of bounds",
    ]],
    [[["a"], ["(( delete 1 ))"]], [
      "$.l: unable to modify the list, because specified index 1 is out of bounds",
    ]],
    [[["a"], ["(( delete -1 ))"]], [
      "$.l: unable to modify the list, because specified index 1 is out of bounds",
    ]],
    [[["a"], ["(( delete -2 ))"]], [
      "$.l: unable to modify the list, because specified index -2 is out of bounds",
    ]],
    [[[{ name: "a" }], [`(( insert after "zz" ))`, { name: "x" }]], [
      "$.l: unable to find specified modification point with 'name: zz'",
    ]],
    [[[{ name: "a" }, { name: "b" }], [`(( insert after "a" ))`, { name: "b" }]], [
      "$.l: unable to insert, because new list entry 'name: b' is detected multiple times",
    ]],
    [[[{ name: "a" }], [`(( delete "zz" ))`]], [
      "$.l: unable to find specified modification point with 'name: zz'",
    ]],
    [[["a"], [`(( delete "zz" ))`]], [
      "$.l: unable to find specified modification point with 'zz'",
    ]],
    [[["a"], [`(( delete "a" ))`, "x"]], [
      `$.l: item in array directly after (( delete "a" )) must be one of the array operators 'append', 'prepend', 'delete', or 'insert'`,
    ]],
    [[[{ name: "a" }], [`(( delete "a" ))`, "x"]], [
      `$.l: item in array directly after (( delete name "a" )) must be one of the array operators 'append', 'prepend', 'delete', or 'insert'`,
    ]],
    [[[{ name: "a" }, { other: 1 }], [`(( delete "a" ))`]], [
      "$.l.1: original object does not contain the key 'name' - cannot merge by key",
    ]],
    [[[{ name: "a" }], ["(( merge ))", "s"]], [
      "$.l.0: new object is a string, not a map - cannot merge by key",
    ]],
    [[[{ name: "a" }, 5], ["(( merge ))", { name: "a" }]], [
      "$.l.1: original object is a int, not a map - cannot merge by key",
    ]],
    [[[null], ["(( merge ))"]], ["$.l.0: original object is nil - cannot merge by key"]],
    [[[], ["(( merge ))", [1]]], ["$.l.0: new object is a slice, not a map - cannot merge by key"]],
    [[[], ["(( merge on id ))", { id: { x: 1 } }]], [
      "$.l.0: new object's key 'id' cannot have a value which is a hash or sequence - cannot merge by key",
    ]],
    [[[], ["(( delete gone ))"]], [
      "$.l: unable to find specified modification point with 'name: gone'",
    ]],
    [[[{ name: "a" }], ["s", "(( merge ))", { name: "b" }]], [
      "$.l.0: original object is a string, not a map - cannot merge by key",
    ]],
    [[[{ name: "a" }], [`(( insert after "a" ))`, { other: 1 }]], [
      "$.l.0: new object does not contain the key 'name' - cannot merge by key",
    ]],
  ];
  for (const [lists, want] of cases) assert.deepEqual(errors(lists), want, JSON.stringify(lists));
});

Deno.test("array markers: errors inside key-merged entries name the entry", () => {
  assert.deepEqual(
    errors([[{ name: "web", l: ["a"] }], [{ name: "web", l: ["(( delete 5 ))"] }]]),
    ["$.l.web.l: unable to modify the list, because specified index 5 is out of bounds"],
  );
  assert.deepEqual(
    errors([[{ name: 7, l: ["a"] }], [{ name: 7, l: ["(( delete 5 ))"] }]]),
    ["$.l.%!s(int=7).l: unable to modify the list, because specified index 5 is out of bounds"],
  );
});

Deno.test("mergeDocuments() merges big named lists in linear time", () => {
  const size = 20000;
  const names = Array.from({ length: size }, (_, i) => `job-${i}`);
  const base = names.map((name, i) => ({ name, index: i }));
  const overlay = names.toReversed().map((name) => ({ name, seen: true }));
  const start = performance.now();
  const list = merged([base, overlay]) as Map<string, unknown>[];
  const elapsed = performance.now() - start;
  assert.equal(list.length, size);
  assert.deepEqual(list[123], v({ name: "job-123", index: 123, seen: true }));
  assert.ok(elapsed < 3000, `took ${elapsed} ms`);
});
