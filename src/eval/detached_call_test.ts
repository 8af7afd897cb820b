import assert from "node:assert/strict";
import type { CallNode } from "../expr/mod.ts";
import {
  type CallHost,
  ControlFlowError,
  expandControlFlow,
  type ExpressionSemantics,
} from "../yaml/mod.ts";
import { OPERATORS } from "../operators/mod.ts";
import {
  applyBinary,
  applyUnary,
  Injection,
  type Operator,
  parseEnvValue,
  runDetachedCall,
  truthy,
} from "./mod.ts";

const warnings: string[] = [];

/** Test operators: what a call sees, a warning, a deferral and an injection. */
const probe: Operator = {
  run: (_call, context) => {
    const keys = [...context.root.keys()].join(",");
    const { arrayMergeKey } = context.settings;
    return `${context.path.join(".")}|${context.display.join(".")}|${keys}|${arrayMergeKey}`;
  },
};
const warner: Operator = {
  run: (_call, context) => {
    context.warn("careful");
    return true;
  },
};
const deferrer: Operator = { run: (_call, context) => context.defer() };
const injector: Operator = { run: () => new Injection(new Map()) };
const registry = new Map([
  ...OPERATORS,
  ["probe", probe],
  ["warner", warner],
  ["deferrer", deferrer],
  ["injector", injector],
]);

const semantics: ExpressionSemantics = {
  binary: applyBinary,
  unary: applyUnary,
  truthy,
  envValue: parseEnvValue,
  call: (node, host) =>
    runDetachedCall(node, host, { registry, onWarning: (message) => warnings.push(message) }),
};

async function expand(text: string, env: Record<string, string> = {}): Promise<string> {
  const options = { semantics, operators: registry.keys(), env: (name: string) => env[name] };
  return (await expandControlFlow(text, "t.yml", options))?.text ?? text;
}

async function failure(text: string): Promise<string> {
  try {
    await expand(text);
  } catch (error) {
    if (error instanceof ControlFlowError) return error.message;
    throw error;
  }
  assert.fail("no error");
}

function lines(...text: string[]): string {
  return text.join("\n") + "\n";
}

Deno.test("runDetachedCall() runs graft's operators in control flow", async () => {
  const text = lines(
    "meta:",
    "  services: { web: 1, db: 2 }",
    "  lists: [[a, b], [b, c]]",
    '  total: (( calc "meta.services.web + meta.services.db" ))',
    "  sum: (( calc meta.a + meta.b ))",
    "  a: 4",
    "  b: 5",
    "(( for k in keys meta.services ))",
    "(( if meta.total > 2 && meta.sum == 9 ))",
    "- (( concat k ))",
    "(( fi ))",
    "(( done ))",
    "(( for x in uniq (flatten meta.lists) ))",
    "- (( x ))",
    "(( done ))",
    '(( for s in split "," $LIST ))',
    "- (( s ))",
    "(( done ))",
    '(( case join "-" (keys meta.services) ))',
    '(( when "db-web" ))',
    "- joined",
    "(( esac ))",
    '(( if empty meta.none || "" ))',
    "- fallback",
    "(( fi ))",
  );
  assert.equal(
    await expand(text, { LIST: "p,q" }),
    lines(
      "meta:",
      "  services: { web: 1, db: 2 }",
      "  lists: [[a, b], [b, c]]",
      '  total: (( calc "meta.services.web + meta.services.db" ))',
      "  sum: (( calc meta.a + meta.b ))",
      "  a: 4",
      "  b: 5",
      '- (( concat "db" ))',
      '- (( concat "web" ))',
      '- (( "a" ))',
      '- (( "b" ))',
      '- (( "c" ))',
      '- (( "p" ))',
      '- (( "q" ))',
      "- joined",
      "- fallback",
    ),
  );
});

Deno.test("runDetachedCall() refuses what only exists after the merge, past any ||", async () => {
  const refused = (name: string, why: string) =>
    `parse_error: control flow expansion failed: $.controlflow.if.L1: (( ${name} )) cannot be ` +
    `used in a control-flow expression: ${why}`;
  const backends = "backends are read after control flow is expanded";
  assert.equal(
    await failure('(( if vault "s:k" || true ))\n(( fi ))\n'),
    refused("vault", backends),
  );
  assert.equal(await failure('(( if nats "kv:a" ))\n(( fi ))\n'), refused("nats", backends));
  assert.equal(
    await failure('(( if param "needed" ))\n(( fi ))\n'),
    refused(
      "param",
      "it runs in the param phase, on the merged documents, after control flow is expanded",
    ),
  );
  assert.equal(
    await failure("(( if inject a ))\n(( fi ))\n"),
    refused(
      "inject",
      "it runs in the merge phase, on the merged documents, after control flow is expanded",
    ),
  );
  assert.equal(
    await failure("(( if static_ips 0 ))\n(( fi ))\n"),
    refused("static_ips", "its calls depend on one another across the merged document"),
  );
  assert.equal(
    await failure("(( if prune 1 || true ))\n(( fi ))\n"),
    refused("prune", "it removes a value from the merged document, which does not exist yet"),
  );
  assert.equal(
    await failure("(( if deferrer 1 ))\n(( fi ))\n"),
    refused("deferrer", "control flow cannot be left unexpanded"),
  );
  assert.equal(
    await failure("(( if injector 1 ))\n(( fi ))\n"),
    "parse_error: control flow expansion failed: $.controlflow.if.L1: (( injector )) cannot be " +
      "used inside an expression",
  );
});

Deno.test("runDetachedCall() reports an operator's own failure at its block", async () => {
  assert.equal(
    await failure('a: 1\n(( for x in calc "a + " ))\n(( done ))\n'),
    "parse_error: control flow expansion failed: $.controlflow.for.L2: Unexpected end of expression",
  );
  assert.match(
    await failure("a: x\n(( for x in keys a ))\n(( done ))\n"),
    /^parse_error: control flow expansion failed: \$\.controlflow\.for\.L2: a is not a map$/,
  );
});

Deno.test("runDetachedCall() gives the call its place, the data and the settings", async () => {
  const text = lines(
    "meta: { at: (( probe )) }",
    '(( if (probe 1) == "controlflow.if.L2|controlflow.if.L2|meta|id" ))',
    "- block",
    "(( fi ))",
    '(( if meta.at == "meta.at|meta.at|meta|id" ))',
    "- data",
    "(( fi ))",
    "(( if warner 1 ))",
    "- warned",
    "(( fi ))",
  );
  warnings.length = 0;
  assert.equal(
    await expand(text, { DEFAULT_ARRAY_MERGE_KEY: "id" }),
    lines("meta: { at: (( probe )) }", "- block", "- data", "- warned"),
  );
  assert.deepEqual(warnings, ["careful"]);
  assert.equal(
    await expand(
      '- a\n(( if (probe 1) == "controlflow.if.L2|controlflow.if.L2||undefined" ))\n- b\n(( fi ))\n',
    ),
    "- a\n- b\n",
  );
});

Deno.test("runDetachedCall() refuses an operator the registry does not have", async () => {
  const call: CallNode = {
    kind: "call",
    name: "nope",
    modifiers: [],
    target: null,
    args: [],
    start: 0,
    end: 4,
  };
  const host: CallHost = {
    root: new Map(),
    path: [],
    env: () => undefined,
    evaluate: () => Promise.resolve(null),
    resolve: () => Promise.resolve(null),
  };
  await assert.rejects(
    runDetachedCall(call, host, { registry, onWarning: () => {} }),
    { message: "(( nope )) operator not defined" },
  );
});
