/**
 * The NATS guide writes expressions that YAML cannot hold as plain scalars (spanning lines,
 * holding `key: value` pairs). These tests load the guide's forms as written and check the syntax
 * tree the evaluator gets.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Expression, type YamlMap } from "../src/core/mod.ts";
import { type Node, parse, render } from "../src/expr/mod.ts";
import { OPERATORS } from "../src/operators/mod.ts";
import { loadYaml } from "../src/yaml/mod.ts";

const operators = new Set([...OPERATORS.keys(), "nats"]);

/** The expression at `key.sub` of a one-document YAML text, parsed. */
function expressionAt(text: string, key: string, sub: string): { node: Node; expr: Expression } {
  const [doc] = loadYaml(text, "guide.yml");
  const expr = ((doc as YamlMap).get(key) as YamlMap).get(sub);
  assert.ok(expr instanceof Expression, `${key}.${sub} is an expression`);
  const node = parse(expr.source, { operators });
  assert.ok(node !== null);
  return { node, expr };
}

Deno.test("a config map literal spanning lines is one call with a map argument", () => {
  const text = `secure:
  data: (( nats "kv:secure/data" {
    url: "nats://secure-nats:4222",
    timeout: "10s",
    retries: 5,
    tls: true
  } ))
after: 1
`;
  const { node, expr } = expressionAt(text, "secure", "data");
  assert.equal(node.kind, "call");
  if (node.kind !== "call") return;
  assert.equal(node.name, "nats");
  assert.equal(node.args.length, 2);
  const [path, config] = node.args;
  assert.deepEqual(path.kind === "literal" && path.value, "kv:secure/data");
  assert.equal(config.kind, "map");
  if (config.kind !== "map") return;
  assert.deepEqual(config.entries.map((e) => e.key), ["url", "timeout", "retries", "tls"]);
  assert.equal(
    render(node),
    'nats "kv:secure/data" { url: "nats://secure-nats:4222", timeout: "10s", retries: 5, tls: true }',
  );
  assert.deepEqual(expr.origin, { file: "guide.yml", line: 2, column: 9 });
});

Deno.test("nested calls on continuation lines keep their structure", () => {
  const text = `config:
  database: (( nats
    (concat "obj:configs/" meta.environment "/database.yaml")
    (grab (concat "nats_config." meta.environment)) ))
`;
  const { node } = expressionAt(text, "config", "database");
  assert.equal(
    render(node),
    'nats (concat "obj:configs/" meta.environment "/database.yaml") ' +
      '(grab (concat "nats_config." meta.environment))',
  );
  if (node.kind !== "call") throw new Error("not a call");
  const [first, second] = node.args;
  assert.equal(first.kind === "call" && first.name, "concat");
  assert.equal(second.kind === "call" && second.name, "grab");
});

Deno.test("a TLS config map with file paths keeps every entry", () => {
  const text = `tls_connection:
  secrets: (( nats "kv:encrypted/secrets" {
    url: "nats://secure-nats:4222",
    tls: true,
    cert_file: "/etc/nats/client.crt",
    key_file: "/etc/nats/client.key"
  } ))
`;
  const { node } = expressionAt(text, "tls_connection", "secrets");
  if (node.kind !== "call" || node.args[1].kind !== "map") throw new Error("not a call with a map");
  assert.deepEqual(node.args[1].entries.map((e) => e.key), ["url", "tls", "cert_file", "key_file"]);
});
