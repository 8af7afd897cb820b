/**
 * Random but valid graft templates for the fuzz test: a few documents of maps and lists whose keys
 * come from a small vocabulary (so references often hit), with array markers and `(( ))`
 * expressions of most operators, infix operations, `||` fallbacks and nested calls. Documents are
 * built as values and written with the project's emitter, so they are always valid YAML; some
 * end in control-flow blocks (`if`, `for`, `case`, `while`) whose conditions are such
 * expressions too.
 *
 * @module
 */

import { Float, type Key, type Value, type YamlMap } from "../../src/core/mod.ts";
import { emitYaml } from "../../src/yaml/mod.ts";

/** A small seeded PRNG (mulberry32), so that every failing case can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ["a", "b", "c", "name", "list", "meta", "x", "y", "jobs", "networks"];
const WORDS = ["web", "db", "10.0.0.1", "x", "", "yes", "42", "3.5", "a b", "10.0.0.0/24"];

/** Generates the documents of one template (YAML texts) from a seed. */
export function generateTemplate(seed: number): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;

  const path = (): string => {
    const depth = 1 + Math.floor(next() * 3);
    return Array.from({ length: depth }, () => chance(0.2) ? String(pick([0, 1, 2])) : pick(KEYS))
      .join(".");
  };
  const literal = (): string =>
    pick([
      () => JSON.stringify(pick(WORDS)),
      () => String(Math.floor(next() * 100) - 20),
      () => (next() * 10).toFixed(2),
      () => pick(["true", "false", "nil"]),
      () => `$${pick(["HOME", "GRAFT_FUZZ_UNSET", "GRAFT_FUZZ_SET"])}`,
    ])();
  const operand = (depth: number): string =>
    depth > 2 || chance(0.5) ? (chance(0.5) ? path() : literal()) : `(${call(depth + 1)})`;
  const call = (depth: number): string => {
    // Rare on purpose: a param or an orphaned sort fails the whole template.
    if (chance(0.01)) return `param ${JSON.stringify("set me")}`;
    if (chance(0.01)) return "sort";
    const args = (n: number) => Array.from({ length: n }, () => operand(depth)).join(" ");
    return pick([
      () => `grab ${args(1 + Math.floor(next() * 2))}`,
      () => `concat ${args(2 + Math.floor(next() * 2))}`,
      () => `join ${JSON.stringify(pick([",", " ", ""]))} ${args(1 + Math.floor(next() * 2))}`,
      () => `keys ${path()}`,
      () =>
        `calc ${JSON.stringify(`${path()} ${pick(["+", "*", "-", "/"])} ${pick(["2", path()])}`)}`,
      () => `calc ${operand(depth)} ${pick(["+", "*"])} ${operand(depth)}`,
      () => `empty ${pick(["hash", "array", "string", path()])}`,
      () => `null ${operand(depth)}`,
      () => `negate ${operand(depth)}`,
      () => `stringify ${operand(depth)}`,
      () => `base64 ${operand(depth)}`,
      () => `base64-decode ${operand(depth)}`,
      () => `type ${operand(depth)}`,
      () => `flatten ${path()}`,
      () => `uniq ${path()}`,
      () => `split ${JSON.stringify(pick([",", "/[.]/", ""]))} ${operand(depth)}`,
      () => `ips ${JSON.stringify(pick(["10.0.0.0/24", "10.0.0.5", "fd00::/120"]))} ${args(1)}`,
      () => `cartesian-product ${args(2)}`,
      () => `defer ${call(depth + 1)}`,
      () => `inject ${path()}`,
      () =>
        `${operand(depth)} ${pick(["+", "-", "*", "/", "%", "==", "!=", "<", "&&"])} ${
          operand(depth)
        }`,
      () => `${operand(depth)} || ${operand(depth)}`,
      () => `${operand(depth)} ? ${operand(depth)} : ${operand(depth)}`,
      () => `!${operand(depth)}`,
      () => `prune`,
    ])();
  };
  const scalar = (): Value =>
    chance(0.45) ? `(( ${call(0)} ))` : pick([
      () => pick(WORDS),
      () => Math.floor(next() * 100) - 20,
      () => new Float(next() * 10),
      () => chance(0.5),
      () => null,
    ])();
  const value = (depth: number): Value => {
    const kind = depth > 3 ? 0 : Math.floor(next() * 3);
    if (kind === 0) return scalar();
    if (kind === 1) return map(depth + 1);
    const items: Value[] = chance(0.3)
      ? [`(( ${pick(["append", "prepend", "replace", "inline", "prune"])} ))`]
      : [];
    const count = Math.floor(next() * 4);
    for (let i = 0; i < count; i++) {
      items.push(
        chance(0.5)
          ? new Map<Key, Value>([
            ["name", pick(["web", "db", "x", "z1"])],
            [pick(KEYS.filter((k) => k !== "name")), value(depth + 2)],
          ])
          : value(depth + 1),
      );
    }
    return items;
  };
  const map = (depth: number): YamlMap => {
    const entries = new Map<Key, Value>();
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i++) entries.set(pick(KEYS), value(depth));
    return entries;
  };
  // `|| ...` fallbacks, so that a reference that misses still expands the block.
  const condition = (): string => `(${call(0)}) || ${pick(["true", "false", "nil"])}`;
  const iterable = (): string =>
    `${pick([path, () => `keys ${path()}`, () => "[1, 2]", () => `(${call(0)})`])()} || []`;
  const controlFlow = (): string =>
    pick([
      () =>
        `(( if ${condition()} ))\ncf_if: 1\n(( elif ${condition()} ))\ncf_if: 2\n(( else ))\n` +
        "cf_if: 3\n(( fi ))\n",
      () =>
        `cf_for:\n(( for ${pick(["v", "k, v"])} in ${iterable()} ))\n` +
        `- (( concat "item-" v ))\n(( done ))\n`,
      () =>
        `cf_range:\n(( for v in range 1 ${pick(["3", "-1", "x"])} ))\n- (( grab v ))\n(( done ))\n`,
      () =>
        `(( case ${condition()} ))\n(( when "web" | 42 | true ))\ncf_case: web\n(( default ))\n` +
        "cf_case: other\n(( esac ))\n",
      () => `(( while ${condition()} ))\ncf_while: 1\n(( done ))\n`,
    ])();
  const documents = 1 + Math.floor(next() * 3);
  return Array.from(
    { length: documents },
    () => emitYaml(map(0)) + (chance(0.25) ? controlFlow() : ""),
  );
}
