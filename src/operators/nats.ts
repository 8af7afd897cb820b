/**
 * `(( nats "kv:BUCKET/KEY" [URL|CONFIG] ))` and `(( nats "obj:BUCKET/OBJECT" [URL|CONFIG] ))`:
 * values from NATS JetStream Key-Value and Object stores.
 *
 * @module
 */

import { GraftError, typeName, type Value } from "../core/mod.ts";
import type { CallContext, NatsReader, Operator } from "../eval/mod.ts";
import type { CallNode, Node } from "../expr/mod.ts";
import { readOrFallBack } from "./fallback.ts";

/**
 * The `nats` operator. The first argument names a KV entry or an object (keys and object names
 * may contain `/`); the optional second is the server, as a URL string (`nats://host:4222`,
 * `tls://...`, `nats://user:password@host:4222`, `nats://token@host:4222`, several separated by
 * commas) or a configuration map (a `{ ... }` literal or a reference). Without it, the server is
 * configured by `NATS_*` variables, or `NATS_<TARGET>_*` for `nats@target`.
 *
 * A `||` after the last argument falls back when the bucket, key or object is missing (or the
 * path is malformed), never on a connection, authentication, TLS or permission failure.
 * `:nocache` reads again instead of reusing the value read earlier in the run. With
 * `--skip-nats` the expression stays in the output as written; with `REDACT` set the value is
 * `REDACTED` and nothing is contacted.
 *
 * @example
 * ```yaml
 * database:
 *   host: (( nats "kv:config/database_host" ))
 *   port: (( nats "kv:config/database_port" || 5432 ))
 * settings: (( nats "obj:assets/config.yaml" { url: "nats://nats:4222", timeout: "10s" } ))
 * api_key: (( nats@prod "kv:secrets/api_key" ))
 * ```
 */
export const nats: Operator = {
  secret: true,
  targeted: true,
  async run(call, context) {
    // REDACT wins over --skip-nats, as it does over --skip-vault and --skip-aws.
    if (context.settings.redact) return "REDACTED";
    if (context.settings.skip?.has("nats")) context.defer();
    if (call.args.length === 0) {
      throw new GraftError("eval", "nats operator requires at least one argument");
    }
    if (call.args.length > 2) {
      throw new GraftError(
        "eval",
        "nats operator takes a path and at most one URL or configuration map",
      );
    }
    return await readOrFallBack(call, context, (args) => read(call, args, context));
  },
};

async function read(call: CallNode, args: readonly Node[], context: CallContext): Promise<Value> {
  const path = await context.evaluate(args[0]);
  if (typeof path !== "string") {
    throw new GraftError(
      "eval",
      `nats operator's first argument must be a "kv:BUCKET/KEY" or "obj:BUCKET/OBJECT" string, ` +
        `got ${typeName(path)}`,
    );
  }
  const connection = args.length > 1 ? await context.evaluate(args[1]) : undefined;
  const backends = context.settings.backends;
  if (!backends) throw new GraftError("eval", "NATS is not available here", { fatal: true });
  const backend = await backends.get<NatsReader>("nats");
  return await backend.read({
    path,
    target: call.target,
    connection,
    nocache: call.modifiers.includes("nocache"),
  });
}
