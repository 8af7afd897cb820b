import assert from "node:assert/strict";
import { GraftError, type Path, type Value } from "../core/mod.ts";
import type { RefNode } from "../expr/mod.ts";
import { type ExpressionSemantics, Scope } from "./control_flow_scope.ts";
import { ExpressionReader } from "./control_flow_syntax.ts";
import { loadYaml } from "./load.ts";
import { TEST_SEMANTICS } from "./control_flow_testing.ts";

const reader = new ExpressionReader(["grab", "concat", "keys", "where", "vault"]);
const SITE = { kind: "for", line: 3 } as const;

function scope(
  yaml: string,
  env: Record<string, string> = {},
  semantics: ExpressionSemantics = TEST_SEMANTICS,
): Scope {
  const data = loadYaml(yaml, "t.yml")[0];
  return Scope.of({ semantics, env: (name) => env[name], reader, data: () => data });
}

function evaluate(s: Scope, text: string): Promise<Value> {
  return s.evaluate(reader.expression(text));
}

async function message(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof GraftError) return error.message;
    throw error;
  }
  assert.fail("no error");
}

Deno.test("Scope.evaluate() reads references, literals, infix operators and calls", async () => {
  const s = scope(
    "env: prod\ncount: 2\nlist: [a, b]\nmeta: { enabled: true, m: { q: 1, p: 2 } }\n",
  );
  assert.equal(await evaluate(s, 'env == "prod"'), true);
  assert.equal(await evaluate(s, "grab count + 1"), 3);
  assert.equal(await evaluate(s, 'grab env != "prod" ? 1 : 2'), 2);
  assert.equal(await evaluate(s, "!count"), false);
  assert.equal(await evaluate(s, "meta.enabled && count"), true);
  assert.equal(await evaluate(s, "list.1"), "b");
  assert.deepEqual(await evaluate(s, "[count, { k: env }]"), [2, new Map([["k", "prod"]])]);
  assert.equal(await evaluate(s, "missing || count"), 2);
  assert.equal(await evaluate(s, 'concat env "-" (concat count list.0)'), "prod-2a");
  assert.deepEqual(await evaluate(s, "keys meta.m"), ["p", "q"]);
  assert.equal(await evaluate(s, 'concat missing || "fallback"'), "fallback");
});

Deno.test("Scope.evaluate() reads environment variables, as values and as path segments", async () => {
  const s = scope("a: { prod: 5 }\nkeys: x\n", { ENV: "prod", PORT: "8080" });
  assert.equal(await evaluate(s, "$PORT"), 8080);
  assert.equal(await evaluate(s, "a.$ENV"), 5);
  assert.equal(await evaluate(s, "concat $ENV $PORT"), "prod8080");
  assert.equal(await evaluate(s, "keys"), "x", "a lone operator name is a reference");
  assert.equal(await message(() => evaluate(s, "$NOPE")), "Environment variable $NOPE is not set");
});

Deno.test("Scope.evaluate() evaluates the data's expressions once each, on first use", async () => {
  const calls: string[] = [];
  const counting: ExpressionSemantics = {
    ...TEST_SEMANTICS,
    call: (node, host) => {
      calls.push(node.name);
      return TEST_SEMANTICS.call(node, host);
    },
  };
  const s = scope(
    'a: (( grab b ))\nb: (( concat "x" "z" ))\nc: ((placeholder))\nd: (( grab d ))\n',
    {},
    counting,
  );
  assert.equal(await evaluate(s, "a"), "xz");
  assert.equal(await evaluate(s, "concat a b"), "xzxz");
  assert.deepEqual(calls, ["grab", "concat", "concat"]);
  assert.equal(await evaluate(s, "c"), "((placeholder))");
  assert.equal(
    await message(() => evaluate(s, "d")),
    "cycle detected in operator data-flow graph",
  );
});

Deno.test("Scope.evaluate() finds cycles between expressions evaluated together", async () => {
  const s = scope("a: (( grab b ))\nb: (( grab c ))\nc: (( grab a ))\nd: (( grab c ))\n");
  // concat evaluates its arguments together: a, b and c each start before the others finish.
  assert.equal(
    await message(() => evaluate(s, "concat a b c d")),
    "cycle detected in operator data-flow graph",
  );
  const t = scope("a: (( grab b ))\nb: (( concat p p ))\np: (( grab q ))\nq: 1\n");
  assert.equal(await evaluate(t, "concat a b p"), "11111");
});

Deno.test("Scope.evaluate() tells calls where they stand", async () => {
  const where: ExpressionSemantics = {
    ...TEST_SEMANTICS,
    call: (node, host) => {
      if (node.name !== "where") return TEST_SEMANTICS.call(node, host);
      const data = host.root as Map<string, Value>;
      return Promise.resolve(`${host.path.join(".")} ${[...data.keys()]} ${host.env("E")}`);
    },
  };
  const s = scope("meta:\n  at: (( where ))\nb: (( grab meta.at ))\n", { E: "e" }, where);
  const site: Path = ["controlflow", "for", "L3"];
  assert.equal(
    await s.within(SITE).evaluate(reader.expression("where 1")),
    `${site.join(".")} meta,b e`,
  );
  assert.equal(await evaluate(s.within(SITE), "b"), "meta.at meta,b e");
  assert.deepEqual(s.within(SITE).path, site);
  assert.deepEqual(s.path, []);
});

Deno.test("Scope.bind() shadows keys and outer variables; lookup() keeps expressions", async () => {
  const outer = scope("x: data\ns: (( grab x ))\n");
  const inner = outer.bind("x", new Map([["name", "api"]]), SITE).bind("i", 1, SITE);
  assert.equal(outer.empty, true);
  assert.equal(inner.empty, false);
  assert.deepEqual(inner.loop, SITE);
  assert.equal(inner.binds("x") && !outer.binds("x"), true);
  assert.equal(await evaluate(inner, "x.name"), "api");
  assert.equal(await evaluate(inner.bind("x", "again", SITE), "x"), "again");
  assert.equal(await evaluate(inner, "i + 1"), 2);
  assert.equal(await evaluate(inner, 'concat x.name "-" i'), "api-1");
  assert.equal(
    await message(() => evaluate(inner, "x.port")),
    "Unable to resolve `x.port`: `$.x.port` could not be found in the datastructure",
  );
  assert.equal(await evaluate(outer, "s"), "data");
  assert.equal(await evaluate(inner, "s"), "data", "the data's expressions see no loop variable");
  const ref = reader.expression("s") as RefNode;
  assert.equal(((await outer.lookup(ref)) as { source: string }).source, "(( grab x ))");
});

Deno.test("Scope.evaluate() leaves refusals to the semantics; range only iterates", async () => {
  const s = scope("a: 1\n");
  assert.equal(await message(() => evaluate(s, "vault a")), "(( vault )) is not a test operator");
  assert.equal(
    await message(() => s.evaluate(reader.expression("range 1 2", true))),
    "range can only be the iterable of a (( for ))",
  );
});
