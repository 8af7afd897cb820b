/**
 * graft's command-line entry point.
 *
 * @module
 */

import { main } from "./src/cli/mod.ts";

Deno.exitCode = await main(Deno.args);
