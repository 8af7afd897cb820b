/**
 * A 3-node JetStream cluster with KV buckets and an object store replicated 3 times: the node
 * leading their streams is killed while a merge runs, and the merge still succeeds.
 *
 * The template holds the merge at a gate: `(( file FIFO ))` blocks until the test writes to the
 * FIFO. Calls that do not depend on the gate connect and read first; the calls after the gate
 * build their paths from its text, so they can only run once the leader is dead.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { finishGraft, spawnGraft } from "../_helpers/graft_cli.ts";
import { connect } from "@nats-io/transport-node";
import {
  type NatsCluster,
  type NatsServer,
  seedNats,
  startNatsCluster,
} from "../_helpers/nats_server.ts";

/** Polls until a client (not a route) connected to one of the nodes has sent requests. */
async function waitForReadingClient(servers: readonly NatsServer[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const server of servers) {
      try {
        const connz = await (await fetch(`${server.monitorUrl}/connz`)).json();
        const connections = (connz.connections ?? []) as { in_msgs: number }[];
        if (connections.some((c) => c.in_msgs >= 2)) return;
      } catch {
        // a node that is down has nothing to say
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("graft never connected to the cluster");
}

/**
 * Asks the leader of `stream` to step down until the node named `name` leads it, so that one
 * node leads every stream of the test.
 */
async function moveLeader(cluster: NatsCluster, stream: string, name: string): Promise<void> {
  const nc = await connect({ servers: cluster.url.split(",") });
  try {
    for (let tries = 0; tries < 20; tries++) {
      const current = await cluster.streamLeader(stream);
      if (current === name) return;
      await nc.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, undefined, { timeout: 5_000 });
      while (await cluster.streamLeader(stream) === current) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`${name} did not become the leader of ${stream}`);
  } finally {
    await nc.close();
  }
}

Deno.test("a merge survives the stream leader's death mid-run", async () => {
  await using cluster = await startNatsCluster(3);
  const keys = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`key${i}`, `value-${i}`]));
  await seedNats(cluster.url, {
    kv: { cfg: { ...keys, gate_key: "before" }, late: { after19: "read after the failover" } },
    obj: { files: { "after19.txt": "an object after the failover\n" } },
    replicas: 3,
  });
  const leader = await cluster.streamLeader("KV_cfg");
  const node = cluster.servers[Number(leader.slice(1)) - 1];
  // The bucket first read after the failover loses its leader too: graft must wait for the
  // election (5-8 s on nats-server 2.9) instead of failing.
  await moveLeader(cluster, "KV_late", leader);
  await moveLeader(cluster, "OBJ_files", leader);

  const dir = await Deno.makeTempDir({ prefix: "graft-nats-cluster-" });
  try {
    const fifo = join(dir, "gate");
    assert.ok((await new Deno.Command("mkfifo", { args: [fifo] }).output()).success);
    const template = join(dir, "cluster.yml");
    await Deno.writeTextFile(
      template,
      `a_before:
  first: (( nats "kv:cfg/gate_key" ))
  many: (( nats "kv:cfg/key0" ))
b_gate: (( file "${fifo}" ))
c_after:
  same_bucket: (( nats (concat "kv:cfg/key" b_gate) ))
  new_bucket: (( nats (concat "kv:late/after" b_gate) ))
  again: (( nats (concat "kv:cfg/key1" b_gate) ))
  object: (( nats (concat "obj:files/after" b_gate ".txt") ))
`,
    );
    const child = spawnGraft(["merge", template], {
      env: { NATS_URL: cluster.url },
    });
    let finished = false;
    const done = finishGraft(child, 60_000).finally(() => finished = true);
    try {
      await waitForReadingClient(cluster.servers);
      await node.stop("SIGKILL");
      assert.ok(!finished, "the merge was still running when the leader died");
    } finally {
      // Open the gate whatever happened, so that the merge can finish.
      await Deno.writeTextFile(fifo, "19");
    }
    const run = await done;
    assert.deepEqual(run, {
      code: 0,
      stdout: `a_before:
  first: before
  many: value-0
b_gate: "19"
c_after:
  again: value-119
  new_bucket: read after the failover
  object: |
    an object after the failover
  same_bucket: value-19

`,
      stderr: "",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
