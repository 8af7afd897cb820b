/// <reference lib="deno.worker" />

/**
 * Runs fuzz cases in a worker, so that the test can stop it when a case hangs. Receives
 * `{ from, to }` (a seed range), answers `{ failures }`: the cases that ended in anything but a
 * result or a clean `GraftError`.
 *
 * @module
 */

import { GraftError, GraftErrors } from "../../src/core/mod.ts";
import { loadInputs, mergeAndEvaluate } from "../../src/cli/pipeline.ts";
import { emitYaml } from "../../src/yaml/mod.ts";
import { generateTemplate } from "./fuzz_templates.ts";

/** A case that failed uncleanly. */
export interface FuzzFailure {
  seed: number;
  documents: string[];
  error: string;
}

const ENV: Record<string, string> = { HOME: "/home/fuzz", GRAFT_FUZZ_SET: "7" };

async function runCase(seed: number): Promise<FuzzFailure | undefined> {
  const documents = generateTemplate(seed);
  try {
    const inputs = documents.map((text, i) => ({ name: `doc${i}.yml`, text }));
    const env = (name: string) => ENV[name];
    const { root } = await mergeAndEvaluate(await loadInputs(inputs, false, env), {}, {
      env,
      warn: () => {},
    });
    emitYaml(root);
    return undefined;
  } catch (error) {
    if (error instanceof GraftErrors || error instanceof GraftError) {
      if (!/internal error/.test(error.message)) return undefined;
    }
    const text = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
    return { seed, documents, error: text };
  }
}

self.onmessage = async (event: MessageEvent<{ from: number; to: number }>) => {
  const failures: FuzzFailure[] = [];
  for (let seed = event.data.from; seed < event.data.to; seed++) {
    const failure = await runCase(seed);
    if (failure) failures.push(failure);
  }
  self.postMessage({ failures });
};
