import assert from "node:assert/strict";
import { GraftError, type Value } from "../core/mod.ts";
import type { CallNode, Node, RefNode } from "./ast.ts";
import { type ExpressionRules, interpret, type InterpretHost, requireEnv } from "./interpret.ts";
import { parse } from "./parser.ts";

const OPTIONS = { operators: new Set(["f"]) };

function expr(text: string): Node {
  const node = parse(`(( ${text} ))`, OPTIONS);
  assert.ok(node, `${text} parses`);
  return node;
}

/** Ints and `+ - == <` on them, spruce's truthiness for scalars, digits as ints in `$ENV`. */
const RULES: ExpressionRules = {
  binary(op, left, right) {
    const [a, b] = [Number(left), Number(right)];
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "==":
        return left === right;
      case "<":
        return a < b;
      default:
        throw new GraftError("eval", `untested operator ${op}`);
    }
  },
  unary: (op, value) => op === "!" ? !RULES.truthy(value) : -Number(value),
  truthy: (value) => !(value === null || value === false || value === 0 || value === ""),
  envValue: (text) => /^\d+$/.test(text) ? Number(text) : text,
};

/**
 * References named in `data`, `fatal` (a fatal error), `crash` (not a GraftError) and `slow`
 * (resolves on `release()`); `f` calls answer `f:` and their evaluated arguments. Every
 * reference resolved and every call run is logged.
 */
class FakeHost implements InterpretHost {
  readonly rules = RULES;
  readonly log: string[] = [];
  readonly #data: ReadonlyMap<string, Value>;
  readonly #env: Readonly<Record<string, string>>;
  #release = () => {};

  constructor(data: Record<string, Value> = {}, env: Record<string, string> = {}) {
    this.#data = new Map(Object.entries(data));
    this.#env = env;
  }

  env = (name: string): string | undefined => this.#env[name];

  resolve(ref: RefNode): Promise<Value> {
    this.log.push(ref.text);
    if (ref.text === "fatal") {
      return Promise.reject(new GraftError("eval", "fatal failure", { fatal: true }));
    }
    if (ref.text === "crash") return Promise.reject(new TypeError("crash"));
    if (ref.text === "slow") return new Promise((resolve) => this.#release = () => resolve("s"));
    if (!this.#data.has(ref.text)) {
      return Promise.reject(new GraftError("eval", `Unable to resolve \`${ref.text}\``));
    }
    return Promise.resolve(this.#data.get(ref.text)!);
  }

  async callValue(call: CallNode): Promise<Value> {
    this.log.push(`call ${call.name}`);
    const args = await Promise.all(call.args.map((arg) => interpret(arg, this)));
    return `${call.name}:${args.join(",")}`;
  }

  release(): void {
    this.#release();
  }
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail("no error");
}

Deno.test("interpret() gives literals, references, $ENV, calls, prefix and infix operations", async () => {
  const host = new FakeHost({ a: 2, "b.c": "x" }, { PORT: "8080", NAME: "web" });
  assert.equal(await interpret(expr('"s"'), host), "s");
  assert.equal(await interpret(expr("nil"), host), null);
  assert.equal(await interpret(expr("$PORT"), host), 8080);
  assert.equal(await interpret(expr("$NAME"), host), "web");
  assert.equal(await interpret(expr("f a b.c 3"), host), "f:2,x,3");
  assert.equal(await interpret(expr("!a"), host), false);
  assert.equal(await interpret(expr("-a"), host), -2);
  assert.equal(await interpret(expr("a + 3 - 1"), host), 4);
  assert.equal(await interpret(expr("a == 2"), host), true);
  const ref = expr("[a]");
  assert.equal(ref.kind, "list");
  assert.equal(await interpret(ref.items[0], host), 2);
});

Deno.test("interpret() evaluates infix operands left to right", async () => {
  const host = new FakeHost({ a: 1, b: 2 });
  assert.equal(await interpret(expr("b < a"), host), false);
  assert.deepEqual(host.log, ["b", "a"]);
});

Deno.test("interpret() builds list and map literals, their items evaluated concurrently", async () => {
  const host = new FakeHost({ a: 1 });
  const list = interpret(expr("[slow, a, f 1]"), host);
  await Promise.resolve();
  assert.deepEqual(host.log, ["slow", "a", "call f"], "all items start before the first ends");
  host.release();
  assert.deepEqual(await list, ["s", 1, "f:1"]);
  assert.deepEqual(
    await interpret(expr('{ k: a, "x y": [a, 2], e: {} }'), host),
    new Map<string, Value>([["k", 1], ["x y", [1, 2]], ["e", new Map()]]),
  );
});

Deno.test("interpret() of `||` falls back on recoverable failures only", async () => {
  const host = new FakeHost({ a: 1 });
  assert.equal(await interpret(expr("a || 2"), host), 1);
  assert.deepEqual(host.log, ["a"], "the alternative is not evaluated when the first succeeds");
  assert.equal(await interpret(expr("missing || other || a"), host), 1);
  assert.equal(await interpret(expr("$NOPE || 3"), host), 3);
  assert.equal(
    (await failure(() => interpret(expr("missing || other"), host))).message,
    "Unable to resolve `other`",
  );
  assert.equal((await failure(() => interpret(expr("fatal || 2"), host))).message, "fatal failure");
  assert.ok(await failure(() => interpret(expr("crash || 2"), host)) instanceof TypeError);
});

Deno.test("interpret() of `&&` short-circuits and gives a boolean", async () => {
  const host = new FakeHost({ a: 3, z: 0 });
  assert.equal(await interpret(expr("a && a"), host), true);
  assert.equal(await interpret(expr("a && z"), host), false);
  host.log.length = 0;
  assert.equal(await interpret(expr("z && missing"), host), false);
  assert.deepEqual(host.log, ["z"]);
});

Deno.test("interpret() of `?:` evaluates the branch it takes only", async () => {
  const host = new FakeHost({ yes: true, no: false, a: 1, b: 2 });
  assert.equal(await interpret(expr("yes ? a : missing"), host), 1);
  assert.equal(await interpret(expr("no ? missing : f b"), host), "f:2");
  assert.deepEqual(host.log, ["yes", "a", "no", "call f", "b"]);
});

Deno.test("requireEnv() refuses a variable that is unset or empty", async () => {
  const env = (name: string) => ({ SET: "v", EMPTY: "" } as Record<string, string>)[name];
  assert.equal(requireEnv(env, "SET"), "v");
  assert.throws(() => requireEnv(env, "EMPTY"), {
    name: "GraftError",
    message: "Environment variable $EMPTY is not set",
  });
  const host = new FakeHost();
  assert.equal(
    (await failure(() => interpret(expr("$UNSET"), host))).message,
    "Environment variable $UNSET is not set",
  );
});
