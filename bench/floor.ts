/**
 * The floor of a merge: load every input with our loader and emit each document with our
 * emitter, i.e. all the work of `graft merge` except merging and evaluating. `bench/run.ts` runs
 * it as a subprocess, like the CLI, so both include start-up.
 *
 * Usage: `deno run --allow-read bench/floor.ts FILE...`
 *
 * @module
 */

import { emitYaml } from "../src/yaml/emit.ts";
import { loadYaml } from "../src/yaml/load.ts";

/** Loads each file and emits each of its documents; returns the number of characters emitted. */
export async function floor(paths: string[]): Promise<number> {
  let emitted = 0;
  for (const path of paths) {
    for (const document of loadYaml(await Deno.readTextFile(path), path)) {
      emitted += emitYaml(document).length;
    }
  }
  return emitted;
}

if (import.meta.main) {
  console.log(`${await floor(Deno.args)} characters emitted`);
}
