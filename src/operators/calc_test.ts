import assert from "node:assert/strict";
import type { YamlMap } from "../core/mod.ts";
import { type CallNode, parse } from "../expr/mod.ts";
import { calc } from "./calc.ts";

const root: YamlMap = new Map<string, YamlMap | number>([
  ["meta", new Map([["x", 1]])],
  ["size", 100],
  ["rate", 3],
  ["web", new Map([["size", 4], ["total", 0]])],
]);

function dependencies(expression: string): unknown {
  const call = parse(expression, { operators: new Set(["calc", "grab"]) }) as CallNode;
  return calc.dependencies!(call, { root, path: ["web", "total"] });
}

Deno.test("calc.dependencies() reads dotted paths from the root, bare names sibling first", () => {
  assert.deepEqual(
    dependencies('(( calc "floor(meta.x / 2) + jobs.0.n + size * rate + pi" ))'),
    [["meta", "x"], ["jobs", 0, "n"], ["web", "size"], ["rate"]],
  );
});

Deno.test("calc.dependencies() reads the quoted expression before a fallback", () => {
  assert.deepEqual(dependencies('(( calc "meta.x * 2" || size ))'), [["meta", "x"]]);
});

Deno.test("calc.dependencies() adds nothing for other forms", () => {
  assert.deepEqual(dependencies("(( calc meta.x + size ))"), []);
  assert.deepEqual(dependencies("(( calc * 2 ))"), []);
  assert.deepEqual(dependencies('(( calc "1 + 1" "meta.x" ))'), []);
});

Deno.test("calc.dependencies() keeps the paths of an expression that does not parse", () => {
  assert.deepEqual(dependencies('(( calc "meta.x + (size" ))'), [["meta", "x"]]);
});
