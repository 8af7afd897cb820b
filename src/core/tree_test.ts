import assert from "node:assert/strict";
import { GraftError } from "./errors.ts";
import { formatTreePath, parsePath, resolvePath, resolveReference, type TreePath } from "./tree.ts";
import { Expression, Float, type Value, type YamlMap } from "./value.ts";

/** A map from plain object literals (nested objects become maps, arrays stay arrays). */
function doc(object: Record<string, unknown>): YamlMap {
  const convert = (v: unknown): Value => {
    if (Array.isArray(v)) return v.map(convert);
    if (v !== null && typeof v === "object" && !(v instanceof Float)) {
      return new Map(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    }
    return v as Value;
  };
  return convert(object) as YamlMap;
}

Deno.test("parsePath() splits dotted and bracketed segments", () => {
  const cases: [string, TreePath][] = [
    ["a.b.c", ["a", "b", "c"]],
    ["list.0", ["list", 0]],
    ["list[0]", ["list", 0]],
    ["list[0].name", ["list", 0, "name"]],
    ["$.a.b", ["a", "b"]],
    ["$", []],
    ["", []],
    ["a..b.", ["a", "b"]],
    ["a[b.c]", ["a", "b.c"]],
    ["jobs.web.port", ["jobs", "web", "port"]],
    ["list.007", ["list", "007"]],
    ["list.-1", ["list", "-1"]],
    ["list.99999999999999999999", ["list", "99999999999999999999"]],
    ["a.$", ["a", "$"]],
  ];
  for (const [text, want] of cases) assert.deepStrictEqual(parsePath(text), want, text);
});

Deno.test("parsePath() reads field=value segments in both forms", () => {
  const want = ["servers", { field: "name", value: "primary" }, "host"];
  assert.deepStrictEqual(parsePath("servers.name=primary.host"), want);
  assert.deepStrictEqual(parsePath("servers[name=primary].host"), want);
  assert.deepStrictEqual(parsePath("s[url=a.b=c]"), ["s", { field: "url", value: "a.b=c" }]);
  assert.deepStrictEqual(parsePath("s.=x"), ["s", "=x"]);
});

Deno.test("parsePath() rejects stray and nested brackets with spruce's message", () => {
  assert.throws(() => parsePath("a]"), (e) => {
    assert.ok(e instanceof GraftError);
    assert.equal(e.message, "syntax error: unexpected ']' at position 1");
    return true;
  });
  assert.throws(() => parsePath("é[a[b]]"), {
    message: "syntax error: unexpected '[' at position 4",
  });
});

Deno.test("formatTreePath() renders segments as spruce prints them", () => {
  assert.equal(formatTreePath([]), "$");
  assert.equal(formatTreePath(["a", 0, { field: "id", value: "x" }]), "$.a.0.id=x");
});

Deno.test("resolvePath() follows keys and indexes and reports the slot", () => {
  const root = doc({ a: { b: [10, 20, { c: "deep" }] } });
  const found = resolvePath(root, parsePath("a.b.2.c"));
  assert.ok(found.ok);
  assert.equal(found.value, "deep");
  assert.deepStrictEqual(found.path, ["a", "b", 2, "c"]);
  assert.equal(found.key, "c");
  assert.equal(found.parent, ((root.get("a") as YamlMap).get("b") as Value[])[2]);

  const entry = resolvePath(root, ["a", "b", 1]);
  assert.ok(entry.ok);
  assert.equal(entry.value, 20);
  assert.equal(entry.key, 1);

  const top = resolvePath(root, []);
  assert.ok(top.ok);
  assert.equal(top.value, root);
  assert.equal(top.parent, null);
});

Deno.test("resolvePath() names list entries by name, then key, then id", () => {
  const root = doc({
    list: [{ id: "x", v: 1 }, { key: "x", v: 2 }, { name: "x", v: 3 }, {
      name: "y",
      id: "z",
      v: 4,
    }],
  });
  const value = (path: string) => {
    const found = resolvePath(root, parsePath(path));
    return found.ok ? (found.value as YamlMap).get("v") : found.message;
  };
  assert.equal(value("list.x"), 3);
  assert.equal(value("list.z"), 4);
  assert.equal(value("list[y]"), 4);
  const found = resolvePath(root, parsePath("list.x.v"));
  assert.ok(found.ok);
  assert.deepStrictEqual(found.path, ["list", 2, "v"]);
});

Deno.test("resolvePath() tries arrayMergeKey before the name fields", () => {
  const root = doc({ list: [{ name: "a", job: "b" }, { name: "b", job: "a" }] });
  const plain = resolvePath(root, ["list", "a"]);
  const keyed = resolvePath(root, ["list", "a"], { arrayMergeKey: "job" });
  assert.ok(plain.ok && keyed.ok);
  assert.deepStrictEqual([plain.path, keyed.path], [["list", 0], ["list", 1]]);
  const fallback = resolvePath(root, ["list", "b"], { arrayMergeKey: "missing" });
  assert.ok(fallback.ok);
  assert.deepStrictEqual(fallback.path, ["list", 1]);
});

Deno.test("resolvePath() matches only string name fields", () => {
  const root = doc({
    list: [{ name: 1 }, { name: new Expression("(( grab x ))") }, { name: "1x" }],
  });
  assert.equal(resolvePath(root, ["list", "(( grab x ))"]).ok, false);
  const found = resolvePath(root, ["list", "1x"]);
  assert.ok(found.ok);
  assert.deepStrictEqual(found.path, ["list", 2]);
});

Deno.test("resolvePath() matches field=value against the field's text", () => {
  const root = doc({
    servers: [{ port: 80, role: "a" }, { port: new Float(1.5), role: "b" }, { port: 443 }],
  });
  const role = (path: string) => {
    const found = resolvePath(root, parsePath(path));
    return found.ok ? found.path : found.message;
  };
  assert.deepStrictEqual(role("servers[port=443]"), ["servers", 2]);
  assert.deepStrictEqual(
    role("servers.port=1.5"),
    "`$.servers.port=1` could not be found in the datastructure",
  );
  assert.deepStrictEqual(role("servers[port=1.5].role"), ["servers", 1, "role"]);
  assert.deepStrictEqual(
    role("servers[role=c]"),
    "`$.servers.role=c` could not be found in the datastructure",
  );
});

Deno.test("resolvePath() treats digit segments on a list as indexes, never names", () => {
  const root = doc({ list: [{ name: "5" }, { name: "b" }] });
  const found = resolvePath(root, ["list", "01"]);
  assert.ok(found.ok);
  assert.deepStrictEqual(found.path, ["list", 1]);
  assert.equal(resolvePath(root, ["list", "5"]).ok, false);
  assert.equal(resolvePath(root, ["list", 2]).ok, false);
  assert.equal(resolvePath(root, ["list", -1]).ok, false);
});

Deno.test("resolvePath() reads a field=value segment on a map as a literal key", () => {
  const root = doc({ m: { "a=b": 1 } });
  const found = resolvePath(root, parsePath("m.a=b"));
  assert.ok(found.ok);
  assert.equal(found.value, 1);
  assert.deepStrictEqual(found.path, ["m", "a=b"]);
});

Deno.test("resolvePath() finds int map keys from index segments", () => {
  const root: YamlMap = new Map([[
    "m",
    new Map<string | number, Value>([[10, "ten"], ["0", "zero"]]),
  ]]);
  const ten = resolvePath(root, parsePath("m.10"));
  assert.ok(ten.ok);
  assert.equal(ten.value, "ten");
  assert.equal(ten.key, 10);
  assert.deepStrictEqual(ten.path, ["m", "10"]);
  const zero = resolvePath(root, ["m", 0]);
  assert.ok(zero.ok);
  assert.equal(zero.value, "zero");
});

Deno.test("resolvePath() explains failures in spruce's words", () => {
  const root = doc({ a: { b: "text", n: null, f: new Float(2.5) }, list: [1, 2] });
  const message = (path: string) => {
    const found = resolvePath(root, parsePath(path));
    assert.ok(!found.ok);
    return found.message;
  };
  assert.equal(message("a.missing.x"), "`$.a.missing` could not be found in the datastructure");
  assert.equal(message("list.10"), "`$.list.10` could not be found in the datastructure");
  assert.equal(message("list.x.y"), "`$.list.x` could not be found in the datastructure");
  assert.equal(message("a.b.c.d"), "$.a.b [=text] is a scalar (not a map or a list)");
  assert.equal(message("a.f.c"), "$.a.f [=2.5] is a scalar (not a map or a list)");
  assert.equal(message("a.n.c"), "$.a.n is a scalar (not a map or a list)");
  const failed = resolvePath(root, parsePath("a.missing.x"));
  assert.ok(!failed.ok);
  assert.equal(failed.depth, 1);
});

Deno.test("resolveReference() reads from the root, else from the innermost enclosing map", () => {
  const root = doc({ a: 1, meta: { a: 2, inner: { b: 3, c: null } }, list: [{ name: "x", a: 4 }] });
  const value = (path: string, at: (string | number)[]) => {
    const found = resolveReference(root, parsePath(path), at);
    return found.ok ? found.value : `unresolved: ${found.message}`;
  };
  assert.equal(value("a", ["meta", "inner", "c"]), 1, "the root wins");
  assert.equal(value("b", ["meta", "inner", "c"]), 3, "the innermost map that has it");
  assert.equal(value("inner.b", ["meta", "inner", "c"]), 3, "an enclosing map's key, then on");
  assert.equal(value("name", ["list", 0, "a"]), "x", "a list entry is an enclosing map");
  assert.match(String(value("nope", ["meta", "inner", "c"])), /^unresolved: .*\$\.nope/);
});
