import assert from "node:assert/strict";
import { Expression, GraftError, type Value } from "../core/mod.ts";
import { ControlFlowError, expandControlFlow, loadTemplate } from "./control_flow.ts";
import { testOptions } from "./control_flow_testing.ts";

function expand(text: string, env: Record<string, string> = {}): string | undefined {
  return expandControlFlow(text, "t.yml", testOptions(env))?.text;
}

function lines(...text: string[]): string {
  return text.join("\n") + "\n";
}

function failure(text: string, env: Record<string, string> = {}): string {
  try {
    expand(text, env);
  } catch (error) {
    if (error instanceof ControlFlowError) return error.describe();
    throw error;
  }
  assert.fail("no error");
}

Deno.test("expandControlFlow() leaves a text without markers alone", () => {
  assert.equal(expand("a: (( grab b ))\nb: 1\n"), undefined);
  assert.equal(expand("a: |\n  (( if x ))\n  (( fi ))\n"), undefined);
  assert.equal(expand("a: 1\n(( grab b ))\n"), undefined);
});

Deno.test("expandControlFlow() keeps the chosen branch of if/elif/else", () => {
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
  assert.equal(expand(text("prod")), "env: prod\nreplicas: 5\n");
  assert.equal(expand(text("staging")), "env: staging\nreplicas: 2\n");
  assert.equal(expand(text("dev")), "env: dev\nreplicas: 1\n");
  assert.equal(expand("a: 0\n(( if a ))\nb: 1\n(( fi ))\n"), "a: 0\n");
});

Deno.test("expandControlFlow() nests blocks and keeps body indentation", () => {
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
  assert.equal(expand(text), "flags: { auth: true, kind: oauth }\nauth:\n  provider: oauth2\n");
});

Deno.test("expandControlFlow() repeats loop bodies over lists, maps and ranges", () => {
  assert.equal(
    expand(lines("l: [a, b]", "out:", "(( for i, x in l ))", "  - (( concat i x ))", "(( done ))")),
    lines("l: [a, b]", "out:", '  - (( concat 0 "a" ))', '  - (( concat 1 "b" ))'),
  );
  assert.equal(
    expand(lines("m: { b: 2, a: 1 }", "(( for k, v in m ))", "(( k )): (( v ))", "(( endfor ))")),
    lines("m: { b: 2, a: 1 }", "a: (( 1 ))", "b: (( 2 ))"),
  );
  assert.equal(
    expand(lines("m: { b: 2, a: 1 }", "(( for v in m ))", "- (( v ))", "(( done ))")),
    lines("m: { b: 2, a: 1 }", "- (( 1 ))", "- (( 2 ))"),
  );
  assert.equal(
    expand(lines("low: 3", "(( for i in range 6 low -2 ))", "- (( i ))", "(( done ))")),
    lines("low: 3", "- (( 6 ))", "- (( 4 ))"),
  );
  assert.equal(expand("(( for i in range 1 1 ))\n- (( i ))\n(( done ))\n"), "- (( 1 ))\n");
  assert.equal(expand("e: []\nx:\n(( for i in e ))\n- (( i ))\n(( done ))\n"), "e: []\nx:\n");
  assert.equal(expand("x:\n(( for i in nil ))\n- (( i ))\n(( done ))\n"), "x:\n");
});

Deno.test("expandControlFlow() binds inner loops and conditions to the loop variables", () => {
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
    expand(text),
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

Deno.test("expandControlFlow() matches case subjects as text", () => {
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
  assert.equal(expand(text('"b"')), "x: ab\n");
  assert.equal(expand(text('"5"')), "x: five\n");
  assert.equal(expand(text("2 + 3")), "x: five\n");
  assert.equal(expand(text("true")), "x: five\n");
  assert.equal(expand(text('"c"')), "x: other\n");
  assert.equal(expand('(( case "z" ))\n(( when "a" ))\nx: 1\n(( esac ))\n'), "");
});

Deno.test("expandControlFlow() stops a true while at the cap", () => {
  const text = "a: 1\n(( while a ))\nx: 1\n(( endwhile ))\n(( while !a ))\ny: 1\n(( done ))\n";
  assert.equal(
    failure(text),
    "t.yml: parse_error: control flow expansion failed: $.controlflow.while.L2: while loop " +
      "exceeded maximum iterations (1000)",
  );
  assert.match(failure(text, { GRAFT_MAX_LOOP_ITERATIONS: "7" }), /maximum iterations \(7\)$/);
  assert.match(
    failure(text, { GRAFT_MAX_LOOP_ITERATIONS: "x" }),
    /L2: GRAFT_MAX_LOOP_ITERATIONS must be a positive integer, got "x"$/,
  );
  assert.equal(expand("a: 1\n(( while !a ))\ny: 1\n(( done ))\n"), "a: 1\n");
});

Deno.test("expandControlFlow() reports failing expressions at their block", () => {
  const prefix = "t.yml: parse_error: control flow expansion failed: ";
  assert.equal(
    failure("(( for s in svcs ))\n- 1\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: Unable to resolve \`svcs\`: \`$.svcs\` could not be found in the datastructure`,
  );
  assert.equal(
    failure("a: x\n(( for s in a ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L2: for-loop iterable must be a list or a map, got a string`,
  );
  assert.equal(
    failure("(( for i in range 1 5 0 ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: range step must be non-zero and must move start toward end`,
  );
  assert.equal(
    failure("(( for i in range 5 1 ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: range step must be non-zero and must move start toward end`,
  );
  assert.equal(
    failure('(( for i in range "a" 1 ))\n(( done ))\n'),
    `${prefix}$.controlflow.for.L1: range start must be an integer, got a string`,
  );
  assert.equal(
    failure("(( for i in range 1 2000000 ))\n(( done ))\n"),
    `${prefix}$.controlflow.for.L1: range yields more than 1000000 values`,
  );
  assert.equal(
    failure("m: {}\n(( case m ))\n(( esac ))\n"),
    `${prefix}$.controlflow.case.L2: case subject must be a scalar, got a map`,
  );
  assert.equal(
    failure("a: 1\n(( fi ))\n"),
    `${prefix}(( fi )) at line 2 has no matching block start`,
  );
});

Deno.test("expandControlFlow() expands each document on its own", () => {
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
  assert.equal(expand(text), lines("a: 1", "x: first", "---", "a: 2"));
  assert.match(failure("(( if 1 ))\n---\n(( fi ))\n"), /L1: unclosed block/);
});

Deno.test("expandControlFlow() maps each expanded line to its input line", () => {
  const text = lines("l: [a, b]", "(( for x in l ))", "- (( x ))", "(( done ))", "z: 1");
  assert.deepEqual(expandControlFlow(text, "t.yml", testOptions())?.origins, [1, 3, 3, 5, 6]);
});

Deno.test("loadTemplate() points expressions and YAML errors at the input's lines", () => {
  const options = { ...testOptions(), multiDoc: false };
  const text = lines("a: 0", "(( if a ))", "b: 1", "(( fi ))", "c: (( grab a ))");
  const [doc] = loadTemplate(text, "t.yml", options);
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
  assert.throws(() => loadTemplate(branch, "t.yml", options), yamlError(6));
  const data = lines("a: 0", "(( if a ))", "b: 1", "(( fi ))", "c: d: e");
  assert.throws(() => loadTemplate(data, "t.yml", options), yamlError(5));
  assert.deepEqual(loadTemplate("a: 1\n", "t.yml", options), [new Map([["a", 1]])]);
});
