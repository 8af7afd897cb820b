import assert from "node:assert/strict";
import { join } from "node:path";
import { runGraft } from "../../tests/_helpers/graft_cli.ts";

Deno.test("fan -o writes one file per target document, named after the target", async () => {
  const dir = await Deno.makeTempDir({ prefix: "graft-fan-" });
  try {
    await Deno.writeTextFile(join(dir, "source.yml"), "meta:\n  env: prod\n");
    await Deno.writeTextFile(join(dir, "app.yml"), "a: (( grab meta.env ))\n---\nb: 2\n");
    await Deno.writeTextFile(join(dir, "db.yaml"), 'c: (( concat meta.env "-db" ))\n');
    const run = await runGraft(
      ["fan", "--prune", "meta", "-o", "out", "source.yml", "app.yml", "db.yaml"],
      { cwd: dir },
    );
    assert.deepEqual({ code: run.code, stdout: run.stdout, stderr: run.stderr }, {
      code: 0,
      stdout: "",
      stderr: "",
    });
    const written = [...Deno.readDirSync(join(dir, "out"))].map((e) => e.name).sort();
    assert.deepEqual(written, ["app-1.yml", "app-2.yml", "db.yaml"]);
    assert.equal(await Deno.readTextFile(join(dir, "out", "app-1.yml")), "a: prod\n");
    assert.equal(await Deno.readTextFile(join(dir, "out", "app-2.yml")), "b: 2\n");
    assert.equal(await Deno.readTextFile(join(dir, "out", "db.yaml")), "c: prod-db\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fan -o writes nothing when a target fails", async () => {
  const dir = await Deno.makeTempDir({ prefix: "graft-fan-" });
  try {
    await Deno.writeTextFile(join(dir, "source.yml"), "meta: {}\n");
    await Deno.writeTextFile(join(dir, "ok.yml"), "a: 1\n");
    await Deno.writeTextFile(join(dir, "bad.yml"), "b: (( grab meta.missing ))\n");
    const run = await runGraft(["fan", "-o", "out", "source.yml", "ok.yml", "bad.yml"], {
      cwd: dir,
    });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /\$\.b: Unable to resolve `meta\.missing`/);
    await assert.rejects(() => Deno.stat(join(dir, "out")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
