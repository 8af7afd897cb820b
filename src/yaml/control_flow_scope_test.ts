import assert from "node:assert/strict";
import { GraftError, type Value } from "../core/mod.ts";
import type { RefNode } from "../expr/mod.ts";
import { Scope } from "./control_flow_scope.ts";
import { ExpressionReader } from "./control_flow_syntax.ts";
import { loadYaml } from "./load.ts";
import { TEST_SEMANTICS } from "./control_flow_testing.ts";

const reader = new ExpressionReader(["grab", "concat"]);
const SITE = { kind: "for", line: 3 } as const;

function scope(yaml: string, env: Record<string, string> = {}): Scope {
  const data = loadYaml(yaml, "t.yml")[0];
  return Scope.of({
    semantics: TEST_SEMANTICS,
    env: (name) => env[name],
    reader,
    data: () => data,
  });
}

function evaluate(s: Scope, text: string): Value {
  return s.evaluate(reader.expression(text));
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GraftError) return error.message;
    throw error;
  }
  assert.fail("no error");
}

Deno.test("Scope.evaluate() reads references, literals, infix operators and grab", () => {
  const s = scope("env: prod\ncount: 2\nlist: [a, b]\nmeta: { enabled: true }\n");
  assert.equal(evaluate(s, 'env == "prod"'), true);
  assert.equal(evaluate(s, "grab count + 1"), 3);
  assert.equal(evaluate(s, 'grab env != "prod" ? 1 : 2'), 2);
  assert.equal(evaluate(s, "!count"), false);
  assert.equal(evaluate(s, "meta.enabled && count"), true);
  assert.equal(evaluate(s, "list.1"), "b");
  assert.deepEqual(evaluate(s, "[count, { k: env }]"), [2, new Map([["k", "prod"]])]);
  assert.equal(evaluate(s, "missing || count"), 2);
});

Deno.test("Scope.evaluate() reads environment variables, as values and as path segments", () => {
  const s = scope("a: { prod: 5 }\n", { ENV: "prod", PORT: "8080" });
  assert.equal(evaluate(s, "$PORT"), 8080);
  assert.equal(evaluate(s, "a.$ENV"), 5);
  assert.equal(message(() => evaluate(s, "$NOPE")), "Environment variable $NOPE is not set");
});

Deno.test("Scope.evaluate() evaluates the data's expressions on first use", () => {
  const s = scope('a: (( grab b ))\nb: (( concat "x" ))\nc: ((placeholder))\nd: (( grab d ))\n');
  assert.equal(
    message(() => evaluate(s, "a")),
    "(( concat )) cannot be used in a control-flow expression: control flow is expanded " +
      "before operators run (use references, literals, $ENV, infix operators or grab)",
  );
  assert.equal(evaluate(s, "c"), "((placeholder))");
  assert.equal(message(() => evaluate(s, "d")), "cycle detected in operator data-flow graph");
  const t = scope("a: (( grab b ))\nb: 7\n");
  assert.equal(evaluate(t, "a"), 7);
  assert.equal(evaluate(t, "a"), 7);
});

Deno.test("Scope.bind() shadows keys and outer variables; lookup() keeps expressions", () => {
  const outer = scope("x: data\ns: (( grab x ))\n");
  const inner = outer.bind("x", new Map([["name", "api"]]), SITE).bind("i", 1, SITE);
  assert.equal(outer.empty, true);
  assert.equal(inner.empty, false);
  assert.deepEqual(inner.loop, SITE);
  assert.equal(inner.binds("x") && !outer.binds("x"), true);
  assert.equal(evaluate(inner, "x.name"), "api");
  assert.equal(evaluate(inner.bind("x", "again", SITE), "x"), "again");
  assert.equal(evaluate(inner, "i + 1"), 2);
  assert.equal(
    message(() => evaluate(inner, "x.port")),
    "Unable to resolve `x.port`: `$.x.port` could not be found in the datastructure",
  );
  assert.equal(evaluate(outer, "s"), "data");
  const ref = reader.expression("s") as RefNode;
  assert.equal((outer.lookup(ref) as { source: string }).source, "(( grab x ))");
});

Deno.test("Scope.evaluate() refuses operators that run after control flow", () => {
  const s = scope("a: 1\n");
  assert.match(message(() => evaluate(s, "concat a")), /^\(\( concat \)\) cannot be used/);
  assert.equal(
    message(() => s.evaluate(reader.expression("range 1 2", true))),
    "range can only be the iterable of a (( for ))",
  );
});
