import assert from "node:assert/strict";
import { GraftErrors, type Path, type Value, type YamlMap } from "../core/mod.ts";
import { applyGoPatch, GoPatchError } from "./go_patch.ts";
import { mergeDocuments } from "./merge.ts";
import { m, v } from "./_testing.ts";

const BASE = {
  top: 1,
  nested: { inner: { deep: 2 }, other: 3 },
  nums: [4, 5, 6],
  jobs: [{ name: "a", n: 1 }, { name: "b", n: 2 }, { name: "c", n: 3 }],
};

function patch(ops: unknown[], root: Record<string, unknown> = BASE): YamlMap {
  return applyGoPatch(m(structuredClone(root)), v(ops) as Value[]);
}

function patchError(ops: unknown[], root: Record<string, unknown> = BASE): string {
  try {
    patch(ops, root);
  } catch (error) {
    if (error instanceof GoPatchError) return error.message;
    throw error;
  }
  assert.fail("applyGoPatch() did not throw");
}

/** The patched value under `key`. */
function at(ops: unknown[], key: string): Value | undefined {
  return patch(ops).get(key);
}

Deno.test("applyGoPatch() replaces through keys, indexes, names and optional segments", () => {
  const cases: [unknown[], string, unknown][] = [
    [[{ type: "replace", path: "/top", value: 10 }], "top", 10],
    [[{ type: "replace", path: "/fresh?", value: "x" }], "fresh", "x"],
    [[{ type: "replace", path: "/nested/inner/deep", value: { m: 1 } }], "nested", {
      inner: { deep: { m: 1 } },
      other: 3,
    }],
    [[{ type: "replace", path: "/nested?/made/up", value: 1 }], "nested", {
      inner: { deep: 2 },
      other: 3,
      made: { up: 1 },
    }],
    [[{ type: "replace", path: "/nums/0", value: 9 }], "nums", [9, 5, 6]],
    [[{ type: "replace", path: "/nums/-1", value: 9 }], "nums", [4, 5, 9]],
    [[{ type: "replace", path: "/nums/-", value: 7 }], "nums", [4, 5, 6, 7]],
    [[{ type: "replace", path: "/nums/1:before", value: 0 }], "nums", [4, 0, 5, 6]],
    [[{ type: "replace", path: "/nums/1:after", value: 0 }], "nums", [4, 5, 0, 6]],
    [[{ type: "replace", path: "/nums/1:prev", value: 0 }], "nums", [0, 5, 6]],
    [[{ type: "replace", path: "/nums/0:next:before", value: 0 }], "nums", [4, 0, 5, 6]],
    [[{ type: "replace", path: "/jobs/name=b/n", value: 20 }], "jobs", [
      { name: "a", n: 1 },
      { name: "b", n: 20 },
      { name: "c", n: 3 },
    ]],
    [[{ type: "replace", path: "/jobs/name=b:after", value: { name: "x" } }], "jobs", [
      { name: "a", n: 1 },
      { name: "b", n: 2 },
      { name: "x" },
      { name: "c", n: 3 },
    ]],
    [[{ type: "replace", path: "/jobs/name=z?/n", value: 0 }], "jobs", [
      { name: "a", n: 1 },
      { name: "b", n: 2 },
      { name: "c", n: 3 },
      { name: "z", n: 0 },
    ]],
    [[{ type: "replace", path: "/list?/-", value: "first" }], "list", ["first"]],
    [[{ type: "replace", path: "/a~1b~7c?", value: 1 }], "a/b:c", 1],
    [[{ type: "replace", path: "/spruce?", value: "(( grab top ))" }], "spruce", "(( grab top ))"],
  ];
  for (const [ops, key, want] of cases) {
    assert.deepEqual(at(ops, key), v(want), JSON.stringify(ops));
  }
});

Deno.test("applyGoPatch() removes and tests", () => {
  assert.equal(at([{ type: "remove", path: "/top" }], "top"), undefined);
  assert.deepEqual(at([{ type: "remove", path: "/nums/1" }], "nums"), [4, 6]);
  assert.deepEqual(
    at([{ type: "remove", path: "/jobs/name=a" }], "jobs"),
    v([
      { name: "b", n: 2 },
      { name: "c", n: 3 },
    ]),
  );
  assert.deepEqual(
    at([{ type: "remove", path: "/nested/inner/deep" }], "nested"),
    v({
      inner: {},
      other: 3,
    }),
  );
  assert.deepEqual(patch([{ type: "remove", path: "/missing?/x" }]), m(BASE));
  assert.deepEqual(patch([{ type: "remove", path: "/jobs/name=zz?" }]), m(BASE));
  assert.deepEqual(
    patch([
      { type: "test", path: "/nested/inner", value: { deep: 2 } },
      { type: "test", path: "/nested/gone", absent: true },
      { type: "test", path: "/nums/7", absent: true },
    ]),
    m(BASE),
  );
});

Deno.test("applyGoPatch() fails with go-patch's error texts", () => {
  const cases: [unknown[], string][] = [
    [
      [{ type: "replace", path: "/nope", value: 1 }],
      "Expected to find a map key 'nope' for path '/nope' (found map keys: 'jobs', 'nested', 'nums', 'top')",
    ],
    [
      [{ type: "replace", path: "/nested/inner/x/y", value: 1 }],
      "Expected to find a map key 'x' for path '/nested/inner/x' (found map keys: 'deep')",
    ],
    [
      [{ type: "remove", path: "/nested/inner/deep/x" }],
      "Expected to find a map at path '/nested/inner/deep/x' but found 'int'",
    ],
    [
      [{ type: "replace", path: "/top/0", value: 1 }],
      "Expected to find an array at path '/top/0' but found 'int'",
    ],
    [
      [{ type: "replace", path: "/nested/0", value: 1 }],
      "Expected to find an array at path '/nested/0' but found 'map[interface {}]interface {}'",
    ],
    [
      [{ type: "replace", path: "/nums/3", value: 1 }],
      "Expected to find array index '3' but found array of length '3' for path '/nums/3'",
    ],
    [
      [{ type: "replace", path: "/nums/-4", value: 1 }],
      "Expected to find array index '-4' but found array of length '3' for path '/nums/-4'",
    ],
    [
      [{ type: "replace", path: "/jobs/name=zz/n", value: 1 }],
      "Expected to find exactly one matching array item for path '/jobs/name=zz' but found 0",
    ],
    [
      [{ type: "replace", path: "/nums/-/x", value: 1 }],
      "Expected to find a map at path '/nums/-' but found '[]interface {}'",
    ],
    [
      [{ type: "replace", path: "/x?/0", value: 1 }],
      "Expected to find key, matching index or after last index token at path '/x?/0'",
    ],
    [
      [{ type: "remove", path: "/nums/-" }],
      "Expected to not find token 'patch.AfterLastIndexToken' at path '/nums/-'",
    ],
    [[{ type: "remove", path: "" }], "Cannot remove entire document"],
    [
      [{ type: "replace", path: "/nums/0:before:after", value: 1 }],
      "Expected to not find any modifiers after 'before' modifier, but found modifier 'patch.AfterModifier'",
    ],
    [
      [{ type: "remove", path: "/nums/0:after" }],
      "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.AfterModifier'",
    ],
    [
      [{ type: "test", path: "/top", value: 2 }],
      "Found value does not match expected value",
    ],
    [[{ type: "test", path: "/top", absent: true }], "Expected to not find '/top'"],
    [
      [{ type: "test", path: "/nums/-", value: 1 }],
      "Expected not to find after last index token in path '/nums/-' (not supported in find operations)",
    ],
    [
      [{ type: "replace", path: "/nope", value: 1, error: "custom words" }],
      "Error 'custom words': Expected to find a map key 'nope' for path '/nope' (found map keys: 'jobs', 'nested', 'nums', 'top')",
    ],
    [
      [{ type: "replace", path: "/nope", value: 1 }],
      "Expected to find a map key 'nope' for path '/nope' (found no other map keys)",
    ],
    [
      [{ type: "replace", path: "", value: [1] }],
      "@R{Unable to convert go-patch output into a hash/map for further merging|\n",
    ],
  ];
  for (const [ops, want] of cases.slice(0, -2)) {
    assert.equal(patchError(ops), want, JSON.stringify(ops));
  }
  for (const [ops, want] of cases.slice(-2)) assert.equal(patchError(ops, {}), want);
});

Deno.test("applyGoPatch() rejects bad operation definitions as go-patch words it", () => {
  const prefix = "@R{Unable to parse go-patch definitions: ";
  const cases: [unknown[], string][] = [
    [
      [{ type: "replace", value: 1 }],
      `${prefix}Replace operation [0]: Missing path within
{
  "Type": "replace",
  "Value": "<redacted>"
}
`,
    ],
    [
      [{ type: "remove", path: "/a" }, { type: "replace", path: "/a" }],
      `${prefix}Replace operation [1]: Missing value within
{
  "Type": "replace",
  "Path": "/a"
}
`,
    ],
    [
      [{ type: "remove", path: "/a", value: 1 }],
      `${prefix}Remove operation [0]: Cannot specify value within
{
  "Type": "remove",
  "Path": "/a",
  "Value": "<redacted>"
}
`,
    ],
    [
      [{ type: "test", path: "/a" }],
      `${prefix}Test operation [0]: Missing value or absent within
{
  "Type": "test",
  "Path": "/a"
}
`,
    ],
    [
      [{ type: "replace", path: "a&b", value: 1 }],
      `${prefix}Replace operation [0]: Invalid path: Expected to start with '/' within
{
  "Type": "replace",
  "Path": "a\\u0026b",
  "Value": "<redacted>"
}
`,
    ],
    [
      [{ type: "remove", path: "/a:sideways" }],
      `${prefix}Remove operation [0]: Invalid path: Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'sideways' within
{
  "Type": "remove",
  "Path": "/a:sideways"
}
`,
    ],
    [
      [{ type: "remove", path: "/a/-:prev" }],
      `${prefix}Remove operation [0]: Invalid path: Expected not to find any modifiers with after last index token within
{
  "Type": "remove",
  "Path": "/a/-:prev"
}
`,
    ],
    [
      [{ type: "remove", path: "/a:prev" }],
      `${prefix}Remove operation [0]: Invalid path: Expected not to find any modifiers with key token within
{
  "Type": "remove",
  "Path": "/a:prev"
}
`,
    ],
    [
      [{ type: "copy", path: "/a", error: "e" }],
      `${prefix}Unknown operation [0] with type 'copy' within
{
  "Type": "copy",
  "Path": "/a",
  "Error": "e"
}
`,
    ],
    [
      [null],
      `${prefix}Unknown operation [0] with type '' within
{}
`,
    ],
    [
      [{ type: "replace", path: "/a", value: null }],
      `${prefix}Replace operation [0]: Missing value within
{
  "Type": "replace",
  "Path": "/a"
}
`,
    ],
  ];
  for (const [ops, want] of cases) assert.equal(patchError(ops), want, JSON.stringify(ops));
});

Deno.test("applyGoPatch() reports go-yaml's unmarshal errors for entries that are not ops", () => {
  const lines = new Map([["0", 2], ["1", 3], ["2,path", 4], ["3,absent", 6]]);
  const locate = (path: Path) => {
    const line = lines.get(path.join(","));
    return line === undefined ? undefined : { file: "p.yml", line, column: 3 };
  };
  const ops = v([
    "a long string entry",
    [1, 2],
    { type: "replace", path: { not: "text" } },
    { type: "test", path: "/x", absent: "yes, please" },
  ]) as Value[];
  assert.throws(() => applyGoPatch(new Map(), ops, locate), {
    name: "GoPatchError",
    message: "Root of YAML document is not a hash/map. Tried parsing it as go-patch, but got: " +
      "yaml: unmarshal errors:\n" +
      "  line 2: cannot unmarshal !!str `a long ...` into patch.OpDefinition\n" +
      "  line 3: cannot unmarshal !!seq into patch.OpDefinition\n" +
      "  line 4: cannot unmarshal !!map into string\n" +
      "  line 6: cannot unmarshal !!str `yes, pl...` into bool\n",
  });
  assert.throws(() => applyGoPatch(new Map(), v([true, 12]) as Value[]), {
    message: "Root of YAML document is not a hash/map. Tried parsing it as go-patch, but got: " +
      "yaml: unmarshal errors:\n" +
      "  cannot unmarshal !!bool `true` into patch.OpDefinition\n" +
      "  cannot unmarshal !!int `12` into patch.OpDefinition\n",
  });
});

Deno.test("mergeDocuments() applies go-patch documents at their position", () => {
  const { root } = mergeDocuments([
    { value: v({ list: ["a"], keep: 1 }), file: "base.yml" },
    { value: v([{ type: "replace", path: "/list/-", value: "b" }]), file: "ops.yml" },
    { value: v({ list: ["(( prepend ))", "z"] }), file: "more.yml" },
    { value: v([{ type: "remove", path: "/keep" }]), file: "ops2.yml" },
  ], { goPatch: true });
  assert.deepEqual(root, m({ list: ["z", "a", "b"] }));
  const leading = mergeDocuments([
    { value: v([{ type: "replace", path: "/x?/y", value: 1 }]), file: "ops.yml" },
    { value: v({ x: { z: 2 } }), file: "base.yml" },
  ], { goPatch: true });
  assert.deepEqual(leading.root, m({ x: { y: 1, z: 2 } }));
});

Deno.test("mergeDocuments() reports go-patch failures as input errors of the document", () => {
  try {
    mergeDocuments([
      { value: v({ a: 1, b: { c: 2 } }), file: "base.yml" },
      { value: v([{ type: "replace", path: "/zz", value: 1 }]), file: "ops.yml" },
    ], { goPatch: true });
    assert.fail("mergeDocuments() did not throw");
  } catch (error) {
    assert.ok(error instanceof GraftErrors);
    const [only] = error.errors;
    assert.equal(only.code, "input");
    assert.equal(
      only.describe(),
      "ops.yml: Expected to find a map key 'zz' for path '/zz' (found map keys: 'a', 'b')",
    );
  }
  assert.throws(
    () => mergeDocuments([{ value: v([{ type: "remove", path: "/a" }]), file: "ops.yml" }]),
    (error: GraftErrors) => error.errors[0].code === "input" && error.errors[0].file === "ops.yml",
    "without --go-patch an array root is not a map",
  );
});
