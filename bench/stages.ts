/**
 * Where the time of one merge goes, stage by stage, measured in-process (no start-up): load,
 * merge, evaluate, post-process, emit. `bench/run.ts` prints it for the operator-heavy corpora to
 * report the evaluate share; run alone as `deno run -A bench/stages.ts FILE...`.
 *
 * @module
 */

import { emitYaml, loadYaml } from "../src/yaml/mod.ts";
import { mergeDocuments } from "../src/merge/mod.ts";
import { evaluateDocument } from "../src/eval/mod.ts";
import { OPERATORS } from "../src/operators/mod.ts";
import { prunePaths, sortLists } from "../src/post/mod.ts";

/** Milliseconds spent in each stage of one merge. */
export interface StageTimes {
  load: number;
  merge: number;
  evaluate: number;
  post: number;
  emit: number;
  total: number;
}

/** Times each stage of merging the files (best of `rounds` runs per stage total). */
export async function timeStages(paths: readonly string[], rounds = 3): Promise<StageTimes> {
  const texts = await Promise.all(paths.map((path) => Deno.readTextFile(path)));
  let best: StageTimes | undefined;
  for (let round = 0; round < rounds; round++) {
    const times = { load: 0, merge: 0, evaluate: 0, post: 0, emit: 0, total: 0 };
    let mark = performance.now();
    const lap = (stage: keyof StageTimes) => {
      const now = performance.now();
      times[stage] = now - mark;
      mark = now;
    };
    const docs = texts.map((text, i) => ({ value: loadYaml(text, paths[i])[0], file: paths[i] }));
    lap("load");
    const merged = mergeDocuments(docs);
    lap("merge");
    const evaluated = await evaluateDocument(merged.root, {
      registry: OPERATORS,
      settings: { env: (name) => Deno.env.get(name) },
    });
    lap("evaluate");
    prunePaths(merged.root, [...merged.prunePaths, ...evaluated.prunePaths]);
    sortLists(merged.root, merged.sortPaths);
    lap("post");
    emitYaml(merged.root);
    lap("emit");
    times.total = times.load + times.merge + times.evaluate + times.post + times.emit;
    if (!best || times.total < best.total) best = times;
  }
  return best!;
}

if (import.meta.main) {
  const times = await timeStages(Deno.args);
  const share = (100 * times.evaluate / times.total).toFixed(0);
  console.log(
    Object.entries(times).map(([stage, ms]) => `${stage} ${ms.toFixed(0)} ms`).join(", ") +
      ` (evaluate ${share}% of the total)`,
  );
}
