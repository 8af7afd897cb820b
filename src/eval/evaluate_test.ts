import assert from "node:assert/strict";
import { GraftErrors, type Value, type YamlMap } from "../core/mod.ts";
import { loadYaml } from "../yaml/mod.ts";
import { OPERATORS } from "../operators/mod.ts";
import { evaluateDocument, type Operator } from "./mod.ts";

/** A stand-in for a secret backend operator: `(( secret ))` is "s3cr3t-value". */
const secret: Operator = { secret: true, run: () => "s3cr3t-value" };
const registry = new Map([...OPERATORS, ["secret", secret]]);

async function evaluate(text: string, trace?: (line: string) => void): Promise<YamlMap> {
  const root = loadYaml(text, "t.yml")[0] as YamlMap;
  await evaluateDocument(root, { registry, settings: { env: () => undefined }, trace });
  return root;
}

async function failure(text: string, trace?: (line: string) => void): Promise<string> {
  try {
    await evaluate(text, trace);
  } catch (error) {
    if (error instanceof GraftErrors) return error.message;
    throw error;
  }
  throw new Error("no failure");
}

Deno.test("a secret carried into another call's error or trace is masked", async () => {
  const lines: string[] = [];
  const message = await failure(
    "pw: (( secret ))\na: (( grab (secret) ))\nb: (( base64-decode pw ))\ncopy: (( grab pw ))\n",
    (line) => lines.push(line),
  );
  assert.doesNotMatch(message, /s3cr3t/);
  assert.match(message, /\$\.a: Unable to resolve `<secret>`/);
  assert.match(message, /\$\.b: .*<secret>/);
  assert.ok(lines.length >= 3);
  for (const line of lines) assert.doesNotMatch(line, /s3cr3t/);
  assert.ok(lines.some((line) => line.startsWith('$.copy: (( grab pw )) = "<secret>"')));
});

Deno.test("the values themselves are left in the document", async () => {
  const root = await evaluate("pw: (( secret ))\ncopy: (( grab pw ))\n");
  assert.deepEqual(
    root,
    new Map<string, Value>([["pw", "s3cr3t-value"], ["copy", "s3cr3t-value"]]),
  );
});

Deno.test("a cycle is reported before anything runs, naming its paths", async () => {
  const message = await failure('a: (( grab b ))\nb: (( concat a "x" ))\nc: (( secret ))\n');
  assert.match(
    message,
    /cycle detected in operator data-flow graph\n {5}cycle: \$\.a -> \$\.b -> \$\.a\n/,
  );
});

Deno.test("a reference whose path is computed waits for the call it reaches", async () => {
  const root = await evaluate(
    'meta:\n  key: target\n  target: (( concat "computed" "!" ))\nv: (( grab (concat "meta." meta.key) ))\n',
  );
  assert.equal(root.get("v"), "computed!");
});
