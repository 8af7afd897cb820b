import assert from "node:assert/strict";
import type { Path } from "../core/mod.ts";
import { contentStart, createOriginFinder, findOrigin, lineColumn } from "./positions.ts";

const TEXT = [
  "name: demo", //                         1
  "meta:", //                              2
  "  port: 8080", //                       3
  "  empty:", //                           4
  "  10: ten", //                          5
  "  y: yes", //                           6
  "jobs:", //                              7
  "- name: web", //                        8
  "  props: {a: 1, b: [x, 'y']}", //      9
  "- key: db", //                          10
  "  instances: 2", //                     11
  "- id: q", //                            12
  "-", //                                  13
  "base: &base", //                        14
  "  x: 1", //                             15
  "  z: 1", //                             16
  "merged:", //                            17
  "  z: 0", //                             18
  "  <<: *base", //                        19
  "  x: 2", //                             20
  "alias: *base", //                       21
  "expr: (( concat", //                    22
  '  "a: b" ))', //                        23
  "after: # comment", //                   24
  "  value", //                            25
  "",
].join("\n");

const CASES: [Path, number, number][] = [
  [[], 1, 1],
  [["name"], 1, 7],
  [["meta"], 3, 3],
  [["meta", "port"], 3, 9],
  [["meta", "empty"], 4, 3],
  [["meta", "10"], 5, 7],
  [["meta", "true"], 6, 6],
  [["jobs", 0], 8, 3],
  [["jobs", "web"], 8, 3],
  [["jobs", "0", "props", "b", 1], 9, 24],
  [["jobs", "db", "instances"], 11, 14],
  [["jobs", "q", "id"], 12, 7],
  [["jobs", 3], 8, 1],
  [["merged", "z"], 16, 6],
  [["merged", "x"], 20, 6],
  [["alias"], 21, 8],
  [["alias", "z"], 16, 6],
  [["expr"], 22, 7],
  [["after"], 25, 3],
];

for (const [path, line, column] of CASES) {
  Deno.test(`findOrigin() finds ${JSON.stringify(path)} at ${line}:${column}`, () => {
    assert.deepEqual(findOrigin(TEXT, "f.yml", path), { file: "f.yml", line, column });
  });
}

Deno.test("findOrigin() gives undefined for paths that are not in the text", () => {
  for (const path of [["nope"], ["name", "x"], ["jobs", 9], ["jobs", "nobody"], ["meta", "n"]]) {
    assert.equal(findOrigin(TEXT, "f.yml", path), undefined, JSON.stringify(path));
  }
});

Deno.test("findOrigin() gives undefined for a text that does not parse", () => {
  assert.equal(findOrigin("a: [\n", "f.yml", ["a"]), undefined);
});

Deno.test("createOriginFinder() answers for any document of a file", () => {
  const text = "a: 1\n---\r\nb:\r\n  c: 2\r\n";
  assert.deepEqual(createOriginFinder(text, "f.yml", { document: 1 })(["b", "c"]), {
    file: "f.yml",
    line: 4,
    column: 6,
  });
  assert.equal(createOriginFinder(text, "f.yml")(["b"]), undefined);
});

Deno.test("lineColumn() counts LF, CRLF and CR breaks", () => {
  assert.deepEqual(lineColumn("ab\ncd\r\nef\rg", 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn("ab\ncd\r\nef\rg", 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumn("ab\ncd\r\nef\rg", 7), { line: 3, column: 1 });
  assert.deepEqual(lineColumn("ab\ncd\r\nef\rg", 10), { line: 4, column: 1 });
});

Deno.test("contentStart() skips blanks and comments but stops at its limit", () => {
  assert.equal(contentStart("  # c\n  x", 0, 9), 8);
  assert.equal(contentStart("  # c\n  x", 0, 4), 4);
  assert.equal(contentStart("x", 0, 1), 0);
});
