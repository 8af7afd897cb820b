import assert from "node:assert/strict";
import { join } from "node:path";
import { Expression, GraftErrors, type Value, type YamlMap } from "../core/mod.ts";
import { evaluateDocument } from "../eval/mod.ts";
import { resolveFilePath } from "./file.ts";
import { OPERATORS } from "./registry.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("resolveFilePath() applies the base-path rule and cleans as Go does", async () => {
  const cases: [string, Record<string, string>, string][] = [
    ["a.txt", {}, "a.txt"],
    ["./a/../b.txt", {}, "b.txt"],
    ["a.txt", { SPRUCE_FILE_BASE_PATH: "../../" }, "../../a.txt"],
    ["a.txt", { GRAFT_FILE_BASE_PATH: "g", SPRUCE_FILE_BASE_PATH: "s" }, "g/a.txt"],
    ["a.txt", { GRAFT_FILE_BASE_PATH: "", SPRUCE_FILE_BASE_PATH: "s/" }, "s/a.txt"],
    ["dir/", { GRAFT_FILE_BASE_PATH: "/base" }, "/base/dir"],
    ["/etc/a.txt", { GRAFT_FILE_BASE_PATH: "g" }, "/etc/a.txt"],
    ["", {}, ""],
  ];
  for (const [path, vars, expected] of cases) {
    assert.equal(
      await resolveFilePath(path, envOf(vars)),
      expected,
      `${path} with ${JSON.stringify(vars)}`,
    );
  }
});

/** Evaluates `{ value: expression }` with the given environment and returns the value. */
async function evaluate(expression: string, vars: Record<string, string> = {}): Promise<Value> {
  const root: YamlMap = new Map([["value", new Expression(expression)]]);
  await evaluateDocument(root, { registry: OPERATORS, settings: { env: envOf(vars) } });
  return root.get("value")!;
}

Deno.test("file reads an absolute path as it is, whatever the base path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "cert.pem");
    await Deno.writeTextFile(path, "-----BEGIN-----\n");
    const value = await evaluate(`(( file "${path}" ))`, { GRAFT_FILE_BASE_PATH: "/nowhere" });
    assert.equal(value, "-----BEGIN-----\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("file joins a directory and a name, then applies the base path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "keys"));
    await Deno.writeTextFile(join(dir, "keys", "id.pub"), "ssh-ed25519 AAAA");
    const value = await evaluate(`(( file "keys" "id.pub" ))`, { SPRUCE_FILE_BASE_PATH: dir });
    assert.equal(value, "ssh-ed25519 AAAA");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("file names the path it tried, base path included", async () => {
  const error = await evaluate(`(( file "gone.txt" ))`, { GRAFT_FILE_BASE_PATH: "/no/such" })
    .then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof GraftErrors);
  assert.deepEqual(error.errors.map((e) => e.message), [
    "tried to read file /no/such/gone.txt: could not be read - " +
    "open /no/such/gone.txt: no such file or directory",
  ]);
});
