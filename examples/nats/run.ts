/**
 * Runs the NATS integration guide's examples (the `*.yml` files beside this script, exactly as
 * the guide writes them) against local nats-servers with JetStream: a plain server (the default
 * `NATS_URL`), a TLS server, a mutual-TLS server, a token server and a user/password server, each
 * on a free loopback port and seeded as the guide's setup section seeds its stores. Each example
 * is merged with only its `host:port`s pointed at these servers; the output is printed, and the
 * servers are stopped and their files removed at the end.
 *
 * Usage: `deno run --allow-all examples/nats/run.ts [FILE.yml...]` (default: every example).
 * Needs `nats-server` and `openssl` on the PATH.
 *
 * @module
 */

import { GUIDE_EXAMPLES, startGuideWorld } from "../../tests/nats/_guide.ts";
import { runGraft } from "../../tests/_helpers/graft_cli.ts";

const unknown = Deno.args.filter((file) => !GUIDE_EXAMPLES.some((e) => e.file === file));
if (unknown.length > 0) {
  console.error(`unknown example(s): ${unknown.join(", ")}`);
  console.error(`examples: ${GUIDE_EXAMPLES.map((e) => e.file).join(" ")}`);
  Deno.exit(1);
}
const examples = GUIDE_EXAMPLES.filter((e) => Deno.args.length === 0 || Deno.args.includes(e.file));

await using world = await startGuideWorld();
console.log("nats-server (JetStream) on 127.0.0.1, seeded with the guide's stores:");
for (const [role, server] of Object.entries(world.servers)) {
  console.log(`  ${role.padEnd(6)} ${server.url}`);
}
console.log(`NATS_URL=${world.env.NATS_URL}\n`);

let failed = 0;
for (const example of examples) {
  const path = await world.prepare(example);
  for (const environment of example.environments ?? [{}]) {
    const vars = Object.entries(environment).map(([name, value]) => `${name}=${value} `).join("");
    console.log(`$ ${vars}graft merge examples/nats/${example.file}`);
    const run = await runGraft(["merge", path], { env: { ...world.env, ...environment } });
    console.log(`${(run.stdout + run.stderr).trimEnd()}\n`);
    if (run.code !== 0) failed++;
  }
}
console.log(failed === 0 ? "all examples merged" : `${failed} example run(s) failed`);
Deno.exitCode = failed === 0 ? 0 : 1;
