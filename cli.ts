/**
 * graft's command-line entry point: `deno run -A jsr:@graft/cli merge a.yml b.yml`. The library
 * API is `jsr:@graft/cli/mod`.
 *
 * @module
 */

import { main } from "./src/cli/program.ts";

if (import.meta.main) Deno.exitCode = await main(Deno.args);
