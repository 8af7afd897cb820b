import assert from "node:assert/strict";
import { Float, type Value } from "../core/mod.ts";
import type { Change, DocumentChanges } from "./diff.ts";
import { renderJson, renderText } from "./render.ts";

const one = (...changes: Change[]): DocumentChanges[] => [{ document: 1, changes }];

Deno.test("renderText() writes nothing for no changes", () => {
  assert.equal(renderText([]), "");
  assert.equal(
    renderJson([], { from: "a.yml", to: "b.yml" }),
    [
      "{",
      '  "changes": [],',
      '  "from": "a.yml",',
      '  "to": "b.yml"',
      "}",
      "",
    ].join("\n"),
  );
});

Deno.test("renderText() writes a header and the old and new values as YAML per change", () => {
  const text = renderText(one(
    { kind: "changed", path: ["a", 0], from: "x", to: "z" },
    { kind: "added", path: ["b"], to: new Map<string, Value>([["k", [1, 2]], ["j", null]]) },
    { kind: "removed", path: ["c"], from: "two\nlines" },
  ));
  assert.equal(
    text,
    [
      "$.a.0: changed",
      "  - x",
      "  + z",
      "",
      "$.b: added",
      "  + j: null",
      "    k:",
      "    - 1",
      "    - 2",
      "",
      "$.c: removed",
      "  - |-",
      "      two",
      "      lines",
      "",
    ].join("\n"),
  );
});

Deno.test("renderText() names type changes, which YAML alone may not show", () => {
  const text = renderText(one(
    { kind: "changed", path: ["a"], from: 1, to: new Float(1) },
    { kind: "changed", path: ["b"], from: 1, to: "1" },
    { kind: "changed", path: [], from: null, to: [] },
  ));
  assert.equal(
    text,
    [
      "$.a: changed type from int to float",
      "  - 1",
      "  + 1",
      "",
      "$.b: changed type from int to string",
      "  - 1",
      '  + "1"',
      "",
      "$: changed type from null to list",
      "  - null",
      "  + []",
      "",
    ].join("\n"),
  );
});

Deno.test("renderText() writes an order change as the names in each order", () => {
  const text = renderText(
    one({ kind: "reordered", path: ["jobs"], from: ["a", "b"], to: ["b", "a"] }),
  );
  assert.equal(text, "$.jobs: order changed\n  - a, b\n  + b, a\n");
});

Deno.test("renderText() heads each document's changes when asked", () => {
  const docs: DocumentChanges[] = [
    { document: 1, changes: [{ kind: "added", path: ["a"], to: 1 }] },
    { document: 3, changes: [{ kind: "removed", path: [], from: null }] },
  ];
  assert.equal(
    renderText(docs, { documentHeaders: true }),
    "--- document 1\n$.a: added\n  + 1\n\n--- document 3\n$: removed\n  - null\n",
  );
});

Deno.test("renderText() colours headers bold, old lines red and new lines green", () => {
  const text = renderText(
    [{ document: 2, changes: [{ kind: "changed", path: ["a"], from: [1, 2], to: 3 }] }],
    { color: true, documentHeaders: true },
  );
  assert.equal(
    text,
    "\x1b[1m--- document 2\x1b[0m\n" +
      "\x1b[1m$.a: changed type from list to int\x1b[0m\n" +
      "\x1b[31m  - - 1\x1b[0m\n\x1b[31m    - 2\x1b[0m\n" +
      "\x1b[32m  + 3\x1b[0m\n",
  );
});

Deno.test("renderJson() writes each change with its document, path, kind, values and types", () => {
  const json = renderJson(
    [
      { document: 1, changes: [{ kind: "changed", path: ["a", 0], from: 1, to: new Float(1.5) }] },
      {
        document: 2,
        changes: [
          { kind: "added", path: ["b"], to: new Map([[1, true]]) },
          { kind: "removed", path: [], from: null },
          { kind: "reordered", path: ["l"], from: ["x", "y"], to: ["y", "x"] },
        ],
      },
    ],
    { from: "old.yml", to: "new.yml" },
  );
  assert.deepEqual(JSON.parse(json), {
    changes: [
      {
        document: 1,
        path: "$.a.0",
        kind: "changed",
        from: 1,
        fromType: "int",
        to: 1.5,
        toType: "float",
      },
      { document: 2, path: "$.b", kind: "added", to: { "1": true }, toType: "map" },
      { document: 2, path: "$", kind: "removed", from: null, fromType: "null" },
      { document: 2, path: "$.l", kind: "reordered", from: ["x", "y"], to: ["y", "x"] },
    ],
    from: "old.yml",
    to: "new.yml",
  });
  assert.ok(json.endsWith("}\n"));
});
