/**
 * The external stores graft reads at run time. Each backend module, and the client library it
 * wraps, is imported only when a document first uses that backend, so a plain merge starts fast.
 *
 * @module
 */

import { type BackendFactory, Backends } from "../core/mod.ts";

/** The environment backends read their settings from. */
export type Environment = (name: string) => string | undefined;

/** The backends of one run, configured from the environment, each opened on first use. */
export function createBackends(_env: Environment): Backends {
  const factories = new Map<string, BackendFactory>([]);
  return new Backends(factories);
}
