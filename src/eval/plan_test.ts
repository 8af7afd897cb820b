import assert from "node:assert/strict";
import { GraftError, type YamlMap } from "../core/mod.ts";
import { loadYaml } from "../yaml/mod.ts";
import { OPERATORS } from "../operators/mod.ts";
import { ExpressionParser, findSites, planPhase, type Site } from "./plan.ts";

/** The eval-phase plan of a document: each site's id and the ids it depends on. */
function plan(text: string): Record<string, string[]> {
  const root = loadYaml(text, "t.yml")[0] as YamlMap;
  const { sites, errors } = findSites(root, new ExpressionParser(OPERATORS));
  assert.deepEqual(errors, []);
  const planned = planPhase(root, sites, "eval", OPERATORS, () => undefined);
  const ids = (list: readonly Site[]) => list.map((site) => site.id).sort();
  return Object.fromEntries(
    planned.sites.map((site) => [site.id, ids(planned.dependencies.get(site) ?? [])]),
  );
}

Deno.test("a reference depends on the call at its path, and on every call below it", () => {
  assert.deepEqual(
    plan(
      'a: (( grab b ))\nb:\n  c: (( grab d ))\n  e: (( concat d "x" ))\nd: 1\nf: (( grab b.c ))\n',
    ),
    { a: ["b.c", "b.e"], "b.c": [], "b.e": [], f: ["b.c"] },
  );
});

Deno.test("a reference into a value a call produces depends on that call", () => {
  assert.deepEqual(plan("a: (( grab b.x.y ))\nb: (( grab c ))\nc: { x: { y: 1 } }\n"), {
    a: ["b"],
    b: [],
  });
});

Deno.test("a name inside a list entry is that entry's own (the enclosing map)", () => {
  assert.deepEqual(
    plan(
      'list:\n- name: (( concat "a" "b" ))\n  v: (( grab name ))\n- name: x\n  v: (( grab name ))\n',
    ),
    { "list.0.name": [], "list.0.v": ["list.0.name"], "list.1.v": [] },
  );
});

Deno.test("calls of a serial operator run in path order, after one another", () => {
  const root = loadYaml(
    "jobs:\n- name: a\n  ips: (( static_ips 0 ))\n- name: b\n  ips: (( static_ips 1 ))\n",
    "t.yml",
  )[0] as YamlMap;
  const { sites } = findSites(root, new ExpressionParser(OPERATORS));
  const planned = planPhase(root, sites, "eval", OPERATORS, () => undefined);
  const [first, second] = planned.sites;
  assert.equal(planned.after.get(second), first);
  assert.equal(planned.after.get(first), undefined);
});

Deno.test("a cycle is one error naming the sites around it", () => {
  const root = loadYaml("a: (( grab b ))\nb: (( grab c ))\nc: (( grab a ))\n", "t.yml")[0];
  const { sites } = findSites(root as YamlMap, new ExpressionParser(OPERATORS));
  assert.throws(
    () => planPhase(root as YamlMap, sites, "eval", OPERATORS, () => undefined),
    (error: unknown) =>
      error instanceof GraftError &&
      error.message === "cycle detected in operator data-flow graph" &&
      error.detail === "cycle: $.a -> $.b -> $.c -> $.a",
  );
});
