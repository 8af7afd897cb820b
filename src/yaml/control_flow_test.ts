import assert from "node:assert/strict";
import { Expression, GraftError, type Value } from "../core/mod.ts";
import {
  ControlFlowError,
  expandControlFlow,
  type ExpressionSemantics,
  loadTemplate,
} from "./control_flow.ts";
import { testOptions } from "./control_flow_testing.ts";

async function expand(
  text: string,
  env: Record<string, string> = {},
): Promise<string | undefined> {
  return (await expandControlFlow(text, "t.yml", testOptions(env)))?.text;
}

function lines(...text: string[]): string {
  return text.join("\n") + "\n";
}

async function failure(text: string, env: Record<string, string> = {}): Promise<string> {
  try {
    await expand(text, env);
  } catch (error) {
    if (error instanceof ControlFlowError) return error.describe();
    throw error;
  }
  assert.fail("no error");
}

Deno.test("expandControlFlow() leaves a text without markers alone", async () => {
  assert.equal(await expand("a: (( grab b ))\nb: 1\n"), undefined);
  assert.equal(await expand("a: |\n  (( if x ))\n  (( fi ))\n"), undefined);
  assert.equal(await expand("a: 1\n(( grab b ))\n"), undefined);
});

Deno.test("expandControlFlow() keeps the chosen branch of if/elif/else", async () => {
  const text = (env: string) =>
    lines(
      `env: ${env}`,
      '(( if env == "prod" ))',
      "replicas: 5",
      '  (( elsif env == "staging" )) # indentation and comments ignored',
      "replicas: 2",
      "(( else ))",
      "replicas: 1",
      "(( endif ))",
    );
  assert.equal(await expand(text("prod")), "env: prod\nreplicas: 5\n");
  assert.equal(await expand(text("staging")), "env: staging\nreplicas: 2\n");
  assert.equal(await expand(text("dev")), "env: dev\nreplicas: 1\n");
  assert.equal(await expand("a: 0\n(( if a ))\nb: 1\n(( fi ))\n"), "a: 0\n");
});

Deno.test("expandControlFlow() nests blocks and keeps body indentation", async () => {
  const text = lines(
    "flags: { auth: true, kind: oauth }",
    "(( if flags.auth ))",
    "auth:",
    '  (( if flags.kind == "oauth" ))',
    "  provider: oauth2",
    "  (( else ))",
    "  provider: basic",
    "  (( fi ))",
    "(( fi ))",
  );
  assert.equal(
    await expand(text),
    "flags: { auth: true, kind: oauth }\nauth:\n  provider: oauth2\n",
  );
});

Deno.test("expandControlFlow() repeats loop bodies over lists, maps and ranges", async () => {
  assert.equal(
    await expand(
      lines("l: [a, b]", "out:", "(( for i, x in l ))", "  - (( concat i x ))", "(( done ))"),
    ),
    lines("l: [a, b]", "out:", '  - (( concat 0 "a" ))', '  - (( concat 1 "b" ))'),
  );
  assert.equal(
    await expand(
      lines("m: { b: 2, a: 1 }", "(( for k, v in m ))", "(( k )): (( v ))", "(( endfor ))"),
    ),
    lines("m: { b: 2, a: 1 }", "a: (( 1 ))", "b: (( 2 ))"),
  );
  assert.equal(
    await expand(lines("m: { b: 2, a: 1 }", "(( for v in m ))", "- (( v ))", "(( done ))")),
    lines("m: { b: 2, a: 1 }", "- (( 1 ))", "- (( 2 ))"),
  );
  assert.equal(
    await expand(lines("low: 3", "(( for i in range 6 low -2 ))", "- (( i ))", "(( done ))")),
    lines("low: 3", "- (( 6 ))", "- (( 4 ))"),
  );
  assert.equal(await expand("(( for i in range 1 1 ))\n- (( i ))\n(( done ))\n"), "- (( 1 ))\n");
  assert.equal(await expand("e: []\nx:\n(( for i in e ))\n- (( i ))\n(( done ))\n"), "e: []\nx:\n");
  assert.equal(await expand("x:\n(( for i in nil ))\n- (( i ))\n(( done ))\n"), "x:\n");
});

Deno.test("expandControlFlow() binds inner loops and conditions to the loop variables", async () => {
  const text = lines(
    "svcs:",
    "  - { name: api, enabled: true, ports: [1, 2] }",
    "  - { name: web, enabled: false, ports: [3] }",
    "out:",
    "(( for s in svcs ))",
    "(( if s.enabled ))",
    "(( for p in s.ports ))",
    "  - (( concat s.name p ))",
    "(( done ))",
    "(( fi ))",
    "(( done ))",
  );
  assert.equal(
    await expand(text),
    lines(
      "svcs:",
      "  - { name: api, enabled: true, ports: [1, 2] }",
      "  - { name: web, enabled: false, ports: [3] }",
      "out:",
      '  - (( concat "api" 1 ))',
      '  - (( concat "api" 2 ))',
    ),
  );
});

Deno.test("expandControlFlow() matches case subjects as text", async () => {
  const text = (subject: string) =>
    lines(
      `(( case ${subject} ))`,
      '(( when "a" | "b" ))',
      "x: ab",
      "(( when 5 | true ))",
      "x: five",
      "(( default ))",
      "x: other",
      "(( endcase ))",
    );
  assert.equal(await expand(text('"b"')), "x: ab\n");
  assert.equal(await expand(text('"5"')), "x: five\n");
  assert.equal(await expand(text("2 + 3")), "x: five\n");
  assert.equal(await expand(text("true")), "x: five\n");
  assert.equal(await expand(text('"c"')), "x: other\n");
  assert.equal(await expand('(( case "z" ))\n(( when "a" ))\nx: 1\n(( esac ))\n'), "");
});

Deno.test("expandControlFlow() stops a true while at the cap", async () => {
  const text = "a: 1\n(( while a ))\nx: 1\n(( endwhile ))\n(( while !a ))\ny: 1\n(( done ))\n";
  assert.equal(
    await failure(text),
    "t.yml: parse_error: control flow expansion failed: $.controlflow.while.L2: while loop " +
      "exceeded maximum iterations (1000)",
  );
  assert.match(
    await failure(text, { GRAFT_MAX_LOOP_ITERATIONS: "7" }),
    /maximum iterations \(7\)$/,
  );
  assert.match(
    await failure(text, { GRAFT_MAX_LOOP_ITERATIONS: "x" }),
    /L2: GRAFT_MAX_LOOP_ITERATIONS must be a positive integer, got "x"$/,
  );
  assert.equal(await expand("a: 1\n(( while !a ))\ny: 1\n(( done ))\n"), "a: 1\n");
});

Deno.test("expandControlFlow() reports failing expressions at their block", async () => {
  const prefix = "t.yml: parse_error: control flow expansion failed: ";
  assert.equal(
    await failure("(( for s in svcs ))\n- 1\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: Unable to resolve \`svcs\`: \`$.svcs\` could not be found in the datastructure`,
  );
  assert.equal(
    await failure("a: x\n(( for s in a ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L2: for-loop iterable must be a list or a map, got a string`,
  );
  assert.equal(
    await failure("(( for i in range 1 5 0 ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: range step must be non-zero and must move start toward end`,
  );
  assert.equal(
    await failure("(( for i in range 5 1 ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: range step must be non-zero and must move start toward end`,
  );
  assert.equal(
    await failure('(( for i in range "a" 1 ))\n(( done ))\n'),
    `${prefix}$.controlflow.for.L1: range start must be an integer, got a string`,
  );
  assert.equal(
    await failure("(( for i in range 1 2000000 ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: range yields more than 1000000 values`,
  );
  assert.equal(
    await failure("m: {}\n(( case m ))\n(( esac ))\n"),
    `${prefix}$.controlflow.case.L2: case subject must be a scalar, got a map`,
  );
  assert.equal(
    await failure("a: 1\n(( fi ))\n"),
    `${prefix}(( fi )) at line 2 has no matching block start`,
  );
});

Deno.test("expandControlFlow() calls operators in conditions, iterables and case subjects", async () => {
  const text = lines(
    "m: { b: 2, a: 1 }",
    'label: (( concat "x" m.a ))',
    "out:",
    "(( for k in keys m ))",
    '(( if concat k "!" == "a!" ))',
    "  - (( concat k m.b ))",
    "(( fi ))",
    "(( done ))",
    "(( for k, v in grab (keys (grab m)) ))",
    "(( k )): (( v ))",
    "(( done ))",
    "(( case concat label $SUFFIX ))",
    '(( when "x1y" ))',
    "case: matched",
    "(( esac ))",
  );
  assert.equal(
    await expand(text, { SUFFIX: "y" }),
    lines(
      "m: { b: 2, a: 1 }",
      'label: (( concat "x" m.a ))',
      "out:",
      '  - (( concat "a" m.b ))',
      '0: (( "a" ))',
      '1: (( "b" ))',
      "case: matched",
    ),
  );
});

Deno.test("expandControlFlow() reports a failing call at its block", async () => {
  assert.equal(
    await failure("a: 1\n\n(( if vault a || true ))\nx: 1\n(( fi ))\n"),
    "t.yml: parse_error: control flow expansion failed: $.controlflow.if.L3: " +
      "(( vault )) is not a test operator",
  );
  assert.equal(
    await failure("a: (( vault 1 ))\n(( for x in [a] ))\n(( done ))\n"),
    "t.yml: parse_error: control flow expansion failed: $.controlflow.for.L2: " +
      "(( vault )) is not a test operator",
  );
});

Deno.test("expandControlFlow() runs a block's calls at the block's path", async () => {
  const paths: string[] = [];
  const options = testOptions();
  const semantics: ExpressionSemantics = {
    ...options.semantics,
    call: (node, host) => {
      paths.push(host.path.join("."));
      return options.semantics.call(node, host);
    },
  };
  const text = lines(
    "a: (( grab 1 ))",
    "(( while grab !a ))",
    "(( done ))",
    "(( case grab a ))",
    "(( esac ))",
  );
  await expandControlFlow(text, "t.yml", { ...options, semantics });
  assert.deepEqual(paths, ["controlflow.while.L2", "a", "controlflow.case.L4"]);
});

Deno.test("expandControlFlow() expands each document on its own", async () => {
  const text = lines(
    "a: 1",
    "(( if a == 1 ))",
    "x: first",
    "(( fi ))",
    "---",
    "a: 2",
    "(( if a == 1 ))",
    "x: second",
    "(( fi ))",
  );
  assert.equal(await expand(text), lines("a: 1", "x: first", "---", "a: 2"));
  assert.match(await failure("(( if 1 ))\n---\n(( fi ))\n"), /L1: unclosed block/);
});

Deno.test("expandControlFlow() maps each expanded line to its input line", async () => {
  const text = lines("l: [a, b]", "(( for x in l ))", "- (( x ))", "(( done ))", "z: 1");
  assert.deepEqual((await expandControlFlow(text, "t.yml", testOptions()))?.origins, [
    1,
    3,
    3,
    5,
    6,
  ]);
});

Deno.test("loadTemplate() points expressions and YAML errors at the input's lines", async () => {
  const options = { ...testOptions(), multiDoc: false };
  const text = lines("a: 0", "(( if a ))", "b: 1", "(( fi ))", "c: (( grab a ))");
  const [doc] = await loadTemplate(text, "t.yml", options);
  const c = (doc as Map<string, Value>).get("c");
  assert.ok(c instanceof Expression);
  assert.deepEqual(c.origin, { file: "t.yml", line: 5, column: 4 });
  const yamlError = (line: number) => (error: unknown) =>
    error instanceof GraftError && !(error instanceof ControlFlowError) &&
    error.message === `yaml: line ${line}, column 5: bad indentation of a mapping entry` &&
    error.origin?.line === line;
  const branch = lines(
    "a: 1",
    "(( if a ))",
    "b: 1",
    "(( fi ))",
    "(( if a ))",
    "c: d: e",
    "(( fi ))",
  );
  await assert.rejects(() => loadTemplate(branch, "t.yml", options), yamlError(6));
  const data = lines("a: 0", "(( if a ))", "b: 1", "(( fi ))", "c: d: e");
  await assert.rejects(() => loadTemplate(data, "t.yml", options), yamlError(5));
  assert.deepEqual(await loadTemplate("a: 1\n", "t.yml", options), [new Map([["a", 1]])]);
});
