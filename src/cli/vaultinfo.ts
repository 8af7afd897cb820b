/**
 * `graft vaultinfo FILE...`: the Vault secrets a merge of the files would read, and the paths of
 * the calls that read each, without contacting Vault.
 *
 * @module
 */

import { formatPathBare, type Value } from "../core/mod.ts";
import type { CallContext } from "../eval/mod.ts";
import type { CallNode } from "../expr/mod.ts";
import { createVault, createVaultTry, OPERATORS, type SecretSource } from "../operators/mod.ts";
import { emitYaml } from "../yaml/mod.ts";
import { readInputs, writeText } from "./io.ts";
import { loadInputs, mergeAndEvaluate } from "./pipeline.ts";
import { ExitCode } from "./exit.ts";
import { type CommandInput, runEnvironment } from "./options.ts";

/** Runs `graft vaultinfo`: lists the Vault secrets a merge of the files would read. */
export async function run({ args, options, globals }: CommandInput): Promise<number> {
  const env = runEnvironment(globals);
  const warn = (line: string) => writeText(Deno.stderr, `${line}\n`);
  const references = new SecretReferences();
  const registry = new Map([
    ...OPERATORS,
    ["vault", createVault(references)],
    ["vault-try", createVaultTry(references)],
  ]);
  // Other backends answer REDACTED without being contacted.
  const docs = await loadInputs(await readInputs(args), false, env);
  await mergeAndEvaluate(docs, { goPatch: options.flag("go-patch") }, {
    env,
    warn,
    registry,
    redact: true,
  });
  const secrets = references.list();
  writeText(
    Deno.stdout,
    options.flag("json")
      ? `${JSON.stringify({ secrets }, null, 2)}\n`
      : `${emitYaml(new Map([["secrets", secrets.map(toMap)]]))}\n`,
  );
  return ExitCode.Ok;
}

/** One secret and the paths of the calls that read it. */
interface SecretUse {
  /** `path:key` as the call built it; `target@path:key` for a call of `vault@target`. */
  key: string;
  references: string[];
}

/**
 * Records the secrets vault calls read and where, answering each with `<path:key>`, so that a
 * path built from another secret shows which (`<secret/paths:root>/db:password`).
 */
class SecretReferences implements SecretSource {
  readonly #uses = new Map<string, Set<string>>();

  lookup(secret: string, call: CallNode, context: CallContext): Promise<string> {
    const key = call.target === null ? secret : `${call.target}@${secret}`;
    let paths = this.#uses.get(key);
    if (!paths) this.#uses.set(key, paths = new Set());
    paths.add(formatPathBare(context.display));
    return Promise.resolve(`<${key}>`);
  }

  /** The secrets sorted by key, each with its sorted references (spruce's order). */
  list(): SecretUse[] {
    return [...this.#uses.keys()].sort(compare).map((key) => ({
      key,
      references: [...this.#uses.get(key)!].sort(compare),
    }));
  }
}

/** Go's string order (byte order; UTF-16 order differs only past U+FFFF). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toMap(use: SecretUse): Value {
  return new Map<string, Value>([["key", use.key], ["references", use.references]]);
}
