import assert from "node:assert/strict";
import { parsePath, type Value, type YamlMap } from "../core/mod.ts";
import { prunePaths } from "./prune.ts";

const m = (entries: Record<string, Value>): YamlMap => new Map(Object.entries(entries));

Deno.test("prunePaths() removes map keys at any depth", () => {
  const root = m({ meta: m({ a: 1 }), props: m({ client: m({ servers: [1], port: 2 }) }) });
  prunePaths(root, ["meta", "props.client.servers"].map(parsePath));
  assert.deepStrictEqual(root, m({ props: m({ client: m({ port: 2 }) }) }));
});

Deno.test("prunePaths() ignores paths that do not resolve, and the root", () => {
  const root = m({ a: m({ b: "x" }), list: [1] });
  prunePaths(root, [["missing"], ["a", "b", "c"], ["list", 4], ["list", "name"], []]);
  assert.deepStrictEqual(root, m({ a: m({ b: "x" }), list: [1] }));
});

Deno.test("prunePaths() removes list entries by index, name and field match", () => {
  const root = m({
    scalars: ["one", "two", "three"],
    jobs: [m({ name: "a" }), m({ name: "b" }), m({ name: "c", port: 80 })],
  });
  prunePaths(root, ["scalars.1", "jobs.a", "jobs[port=80]"].map(parsePath));
  assert.deepStrictEqual(root, m({ scalars: ["one", "three"], jobs: [m({ name: "b" })] }));
});

Deno.test("prunePaths() removes every named index of one list, whatever the order", () => {
  const root = m({ list: ["a", "b", "c", "d", "e"] });
  prunePaths(root, [["list", 1], ["list", 3], ["list", 1], ["list", 4]]);
  assert.deepStrictEqual(root, m({ list: ["a", "c"] }));
});

Deno.test("prunePaths() resolves every path before removing anything", () => {
  const root = m({ list: [m({ name: "x", v: 1 }), m({ name: "y", v: 2 })] });
  prunePaths(root, ["list.0.name", "list.x.v", "list.y"].map(parsePath));
  assert.deepStrictEqual(root, m({ list: [m({})] }));
});

Deno.test("prunePaths() names entries by arrayMergeKey when given", () => {
  const root = m({ list: [m({ name: "a", job: "b" }), m({ name: "b", job: "a" })] });
  prunePaths(root, [["list", "a"]], { arrayMergeKey: "job" });
  assert.deepStrictEqual(root, m({ list: [m({ name: "a", job: "b" })] }));
});

Deno.test("prunePaths() removes a marked entry nested in a list entry", () => {
  const list: Value[] = [m({ name: "a", v: 1 }), m({ name: "b", v: 2, drop: null })];
  const root = m({ list });
  prunePaths(root, [["list", 1, "drop"], ["top"]]);
  assert.deepStrictEqual(root, m({ list: [m({ name: "a", v: 1 }), m({ name: "b", v: 2 })] }));
  assert.equal(root.get("list"), list);
});
