/**
 * A TCP proxy on loopback that holds every chunk for a fixed delay in each direction, so that the
 * bench can compare concurrent and sequential reads under the latency of a real network (on bare
 * loopback a round trip costs next to nothing and concurrency has little to win).
 *
 * @module
 */

/** A running proxy. */
export interface LatencyProxy {
  /** `nats://127.0.0.1:PORT`-style address of the proxy: `host:port`. */
  readonly hostPort: string;
  /** Stops accepting and closes every connection. */
  close(): void;
}

/** Forwards `127.0.0.1:<new port>` to `127.0.0.1:targetPort`, each chunk `delayMs` late. */
export function startLatencyProxy(targetPort: number, delayMs: number): LatencyProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const closeQuietly = (conn: Deno.Conn) => {
    open.delete(conn);
    try {
      conn.close();
    } catch {
      // Already closed.
    }
  };
  (async () => {
    for await (const client of listener) {
      const server = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
      open.add(client).add(server);
      const done = () => [client, server].forEach(closeQuietly);
      Promise.all([pump(client, server, delayMs), pump(server, client, delayMs)]).finally(done);
    }
  })().catch(() => {});
  return {
    hostPort: `127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    close() {
      listener.close();
      open.forEach(closeQuietly);
    },
  };
}

/** Copies `from` to `to`, each chunk written `delayMs` after it arrived, in order. */
async function pump(from: Deno.Conn, to: Deno.Conn, delayMs: number): Promise<void> {
  let written = Promise.resolve();
  try {
    for await (const chunk of from.readable) {
      const due = performance.now() + delayMs;
      written = written.then(async () => {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        for (let rest = chunk; rest.length > 0;) rest = rest.subarray(await to.write(rest));
      }).catch(() => {
        // The other end went away; nothing more can be written to it.
      });
    }
  } catch {
    // The connection went away; the other direction closes both.
  }
  await written;
}
