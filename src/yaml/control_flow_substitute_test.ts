import assert from "node:assert/strict";
import { Expression, type Value } from "../core/mod.ts";
import { scanExpressions } from "../expr/mod.ts";
import { BodyText } from "./control_flow_substitute.ts";
import { Scope } from "./control_flow_scope.ts";
import { ControlFlowFailure, ExpressionReader } from "./control_flow_syntax.ts";
import { TEST_SEMANTICS } from "./control_flow_testing.ts";

const reader = new ExpressionReader(["grab", "concat", "calc"]);
const SITE = { kind: "for", line: 1 } as const;

/** A body of the given text, its expression sites found as the expander finds them. */
function body(text: string): BodyText {
  const lines = text.split("\n");
  const starts = lines.map((_, i) => lines.slice(0, i).join("\n").length + (i > 0 ? 1 : 0));
  const sites = new Set(
    scanExpressions(text).sites.map((site) => starts[site.line - 1] + site.column - 1),
  );
  return new BodyText(lines, 9, sites, reader);
}

function scopeWith(bindings: Record<string, Value>, data: Value = null): Scope {
  let scope = Scope.of({
    semantics: TEST_SEMANTICS,
    env: () => undefined,
    reader,
    data: () => data,
  });
  for (const [name, value] of Object.entries(bindings)) scope = scope.bind(name, value, SITE);
  return scope;
}

async function expand(
  text: string,
  bindings: Record<string, Value>,
  data: Value = null,
): Promise<string> {
  return (await body(text).lines(scopeWith(bindings, data))).join("\n");
}

const svc = new Map<string, Value>([["name", "api"], ["port", 8080], ["tags", ["a", "b"]]]);

Deno.test("BodyText.lines() writes loop variables into expressions as literals", async () => {
  assert.equal(
    await expand('- name: (( concat "w-" i ))\n  id: (( i ))\n  all: (( grab s ))', {
      i: 1,
      s: svc,
    }),
    '- name: (( concat "w-" 1 ))\n  id: (( 1 ))\n' +
      '  all: (( grab { name: "api", port: 8080, tags: ["a", "b"] } ))',
  );
  assert.equal(
    await expand("p: (( calc (s.port + i) * 2 ))  # i\nq: [ (( grab s.tags.1 )), x ]", {
      i: 1,
      s: svc,
    }),
    'p: (( calc ((8080 + 1) * 2) ))  # i\nq: [ (( grab "b" )), x ]',
  );
});

Deno.test("BodyText.lines() leaves strings, other references and unbound names alone", async () => {
  const text = 'a: (( concat "i" meta.i i.x ))\nb: (( grab other ))';
  assert.equal(
    await expand(text, { i: new Map([["x", true]]) }),
    'a: (( concat "i" meta.i true ))\nb: (( grab other ))',
  );
  const unchanged = body(text);
  const lines = await unchanged.lines(scopeWith({ other2: 1 }));
  assert.equal(
    lines,
    await unchanged.lines(scopeWith({ other2: 2 })),
    "the same lines when nothing binds",
  );
});

Deno.test("BodyText.lines() falls back over || when a loop reference does not resolve", async () => {
  assert.equal(
    await expand("port: (( grab s.missing || s.port ))\nalt: (( grab s.nope || grab meta.port ))", {
      s: svc,
    }),
    "port: (( grab 8080 ))\nalt: (( grab (grab meta.port) ))",
  );
  await assert.rejects(
    () => expand("x: 1\nport: (( grab s.missing ))", { s: svc }),
    (error: unknown) =>
      error instanceof ControlFlowFailure && error.site === SITE &&
      error.message ===
        "line 11: Unable to resolve `s.missing`: `$.s.missing` could not be found in the datastructure",
  );
});

Deno.test("BodyText.lines() writes scalars into text: keys, plain text, comments", async () => {
  assert.equal(
    await expand("worker-(( i )):\n  host: (( s.name )).example.com # (( i ))\n  (( meta )): x", {
      i: 2,
      s: svc,
    }),
    "worker-2:\n  host: api.example.com # 2\n  (( meta )): x",
  );
  assert.equal(await expand("m: { (( i )): (( i )) }", { i: 3 }), "m: { 3: (( 3 )) }");
  await assert.rejects(
    () => expand("(( s )): 1", { s: svc }),
    /line 10: a map cannot be written as text/,
  );
});

Deno.test("BodyText.lines() keeps quoted expressions quoted", async () => {
  assert.equal(
    await expand(`a: "(( concat 'x' s.name \\"-\\" ))"\nb: '(( concat ''y'' s.name ))'  # c`, {
      s: svc,
    }),
    `a: "(( concat \\"x\\" \\"api\\" \\"-\\" ))"\nb: '(( concat "y" "api" ))'  # c`,
  );
});

Deno.test("BodyText.lines() keeps the line count of a multi-line expression", async () => {
  const text = 'a: (( concat "x"\n     i\n     "y" )) # c\nb: 1';
  const lines = await body(text).lines(scopeWith({ i: 7 }));
  assert.deepEqual(lines, ['a: (( concat "x" 7 "y" ))', "", `${" ".repeat(12)}# c`, "b: 1"]);
});

Deno.test("BodyText.lines() writes computed keys and the data's expressions", async () => {
  assert.equal(
    await expand("a: (( grab colors[c] ))\nb: (( grab s ))", {
      c: "red",
      s: new Map<string, Value>([["p", new Expression("(( grab meta.port ))")], [
        "q",
        new Expression("((secret))"),
      ]]),
    }),
    'a: (( grab colors.red ))\nb: (( grab { p: (grab meta.port), q: "((secret))" } ))',
  );
  await assert.rejects(
    () => expand("a: (( grab colors[c] ))", { c: "a b" }),
    /cannot be written as a key/,
  );
});

Deno.test("BodyText.lines() evaluates the data's expressions written as text", async () => {
  const name = new Expression('(( concat "a" "b" ))');
  assert.equal(await expand("k-(( n )): 1", { n: name }), "k-ab: 1");
  assert.equal(await expand("a: (( grab m[n] ))", { n: name }), "a: (( grab m.ab ))");
});
