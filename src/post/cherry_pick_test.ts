import assert from "node:assert/strict";
import {
  Float,
  formatErrorBlock,
  GraftErrors,
  parsePath,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { cherryPick } from "./cherry_pick.ts";
import { prunePaths } from "./prune.ts";

const m = (entries: Record<string, Value>): YamlMap => new Map(Object.entries(entries));

function sample(): YamlMap {
  return m({
    meta: m({ deep: m({ inner: m({ keep: m({ x: 1, y: 2 }), other: "no" }) }) }),
    releases: [m({ name: "alpha" }), m({ name: "beta" })],
    props: m({ a: m({ id: "1", flags: "rw" }), b: m({ id: "2" }) }),
    keyed: [m({ key: "one", v: 1 }), m({ key: "two", v: 2 }), m({ key: "three", v: 3 })],
    ids: [m({ id: "one" }), m({ id: "two" })],
    scalars: ["s0", "s1", "s2"],
  });
}

const pick = (root: YamlMap, ...paths: string[]) => cherryPick(root, paths.map(parsePath));

/** The printed error block of a pick expected to fail. */
function failure(root: YamlMap, ...paths: string[]): string {
  try {
    pick(root, ...paths);
  } catch (e) {
    assert.ok(e instanceof GraftErrors);
    return formatErrorBlock(e.errors);
  }
  assert.fail("cherryPick() did not throw");
}

Deno.test("cherryPick() keeps a top-level key", () => {
  assert.deepStrictEqual(pick(sample(), "props"), m({ props: sample().get("props")! }));
});

Deno.test("cherryPick() keeps a deep path under its parents only", () => {
  assert.deepStrictEqual(
    pick(sample(), "meta.deep.inner.keep"),
    m({ meta: m({ deep: m({ inner: m({ keep: m({ x: 1, y: 2 }) }) }) }) }),
  );
});

Deno.test("cherryPick() keeps list entries by name, key, id, index and field match", () => {
  assert.deepStrictEqual(pick(sample(), "releases.beta"), m({ releases: [m({ name: "beta" })] }));
  assert.deepStrictEqual(pick(sample(), "keyed.two"), m({ keyed: [m({ key: "two", v: 2 })] }));
  assert.deepStrictEqual(pick(sample(), "ids.two"), m({ ids: [m({ id: "two" })] }));
  assert.deepStrictEqual(pick(sample(), "keyed.2"), m({ keyed: [m({ key: "three", v: 3 })] }));
  assert.deepStrictEqual(pick(sample(), "keyed[v=1]"), m({ keyed: [m({ key: "one", v: 1 })] }));
  assert.deepStrictEqual(pick(sample(), "keyed.one.v"), m({ keyed: [m({ v: 1 })] }));
});

Deno.test("cherryPick() combines several picks, later list picks first", () => {
  const root = sample();
  assert.deepStrictEqual(
    pick(root, "props", "releases.alpha", "meta.deep.inner.keep", "releases.beta"),
    m({
      meta: m({ deep: m({ inner: m({ keep: m({ x: 1, y: 2 }) }) }) }),
      releases: [m({ name: "beta" }), m({ name: "alpha" })],
      props: root.get("props")!,
    }),
  );
  assert.deepStrictEqual(pick(root, "scalars.0", "scalars.2"), m({ scalars: ["s2", "s0"] }));
  assert.deepStrictEqual(
    pick(root, "keyed.0", "keyed.2"),
    m({ keyed: [m({ key: "three", v: 3 }), m({ key: "one", v: 1 })] }),
  );
});

Deno.test("cherryPick() merges overlapping picks", () => {
  const root = sample();
  assert.deepStrictEqual(
    pick(root, "props.a.id", "props.b", "props.a.flags"),
    m({ props: root.get("props")! }),
  );
  assert.deepStrictEqual(
    pick(root, "releases.beta", "releases.1"),
    m({ releases: [m({ name: "beta" })] }),
  );
});

Deno.test("cherryPick() merges list picks by arrayMergeKey when given", () => {
  const a = m({ job: "a", v: 1 });
  const b = m({ job: "b", v: 2 });
  const root = m({ list: [a, b] });
  const paths = [["list", 0], ["list", 1], ["list", 0]];
  assert.deepStrictEqual(cherryPick(root, paths, { arrayMergeKey: "job" }), m({ list: [a, b] }));
  assert.deepStrictEqual(cherryPick(root, paths), m({ list: [a, b, a] }));
});

Deno.test("cherryPick() matches key values of the same type only", () => {
  const root = m({ list: [m({ name: 1, v: "int" }), m({ name: new Float(1), v: "float" })] });
  assert.deepStrictEqual(
    pick(root, "list.0", "list.1"),
    m({ list: [m({ name: new Float(1), v: "float" }), m({ name: 1, v: "int" })] }),
  );
});

Deno.test("cherryPick() leaves the original document intact", () => {
  const root = sample();
  pick(root, "props.a.id", "props.a.flags", "releases.alpha", "releases.beta");
  assert.deepStrictEqual(root, sample());
});

Deno.test("cherryPick() without paths returns the document", () => {
  const root = sample();
  assert.equal(cherryPick(root, []), root);
});

Deno.test("cherryPick() reports every path that does not resolve", () => {
  assert.equal(
    failure(sample(), "scalars.10", "props", "nope.deeper", "props.a.id.x"),
    "3 error(s) detected:\n" +
      " - $.props.a.id [=1] is a scalar (not a map or a list)\n" +
      " - `$.nope` could not be found in the datastructure\n" +
      " - `$.scalars.10` could not be found in the datastructure\n\n\n",
  );
});

Deno.test("cherryPick() after prunePaths() cannot pick what was pruned", () => {
  const root = sample();
  prunePaths(root, [["releases"], ["props", "a", "flags"]]);
  assert.equal(
    failure(root, "releases.beta"),
    "1 error(s) detected:\n - `$.releases` could not be found in the datastructure\n\n\n",
  );
  assert.deepStrictEqual(
    pick(root, "props"),
    m({ props: m({ a: m({ id: "1" }), b: m({ id: "2" }) }) }),
  );
});
