/**
 * Real `nats-server` processes for tests: one server, or a 3-node JetStream cluster, on loopback
 * ports chosen by the server itself (no port races), JetStream in a temporary directory that is
 * removed when the server stops. Also {@link seedNats}, to fill KV and Object stores the way the
 * NATS guide's setup section does.
 *
 * ```ts ignore
 * import { seedNats, startNatsServer } from "../../tests/_helpers/nats_server.ts";
 *
 * Deno.test("reads a key", async () => {
 *   await using server = await startNatsServer();
 *   await seedNats(server.url, { kv: { config: { database_host: "db.example.com" } } });
 *   // ... run graft with NATS_URL=server.url ...
 * });
 *
 * // A server that wants a token; `config` is appended to the generated configuration file.
 * await using secured = await startNatsServer({ config: 'authorization { token: "s3cret" }' });
 * await seedNats(secured.url, seed, { token: "s3cret" });
 * ```
 *
 * The server binary is `$NATS_SERVER_BIN`, else `nats-server` on the PATH. Tests that use these
 * helpers need `--allow-run --allow-net --allow-read --allow-write --allow-env`.
 *
 * @module
 */

import { connect } from "@nats-io/transport-node";
import { type ConnectionOptions, headers } from "@nats-io/nats-core";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";

/** Options for {@link startNatsServer}. */
export interface NatsServerOptions {
  /**
   * Configuration text appended to the generated file: `authorization { ... }`, `tls { ... }`,
   * `operator: ...`, `accounts { ... }` and so on (nats-server's configuration syntax).
   */
  config?: string;
  /** Run JetStream (default true). */
  jetstream?: boolean;
  /** `server_name` (default: the server picks one; clusters name their nodes n1, n2, ...). */
  name?: string;
  /** A fixed client port (default: a free one the server chooses). */
  port?: number;
}

/** A running server. `await using` (or {@link NatsServer.stop}) stops it and removes its files. */
export interface NatsServer extends AsyncDisposable {
  /** `nats://127.0.0.1:PORT` (also for servers that require TLS: nats.js upgrades). */
  readonly url: string;
  /** The client port. */
  readonly port: number;
  /** The monitoring endpoint, `http://127.0.0.1:PORT` (`/varz`, `/connz`, `/jsz`, `/healthz`). */
  readonly monitorUrl: string;
  /** The server's temporary directory (configuration, JetStream store, `server.log`). */
  readonly dir: string;
  /** The process id. */
  readonly pid: number;
  /**
   * Stops the server and removes its directory; waits until the process is gone. `SIGKILL`
   * simulates a crash (the default `SIGTERM` is a clean shutdown). Calling it again does nothing.
   */
  stop(signal?: Deno.Signal): Promise<void>;
  /**
   * Sends a signal: `SIGSTOP` hangs the server (resolving once the kernel reports it stopped),
   * `SIGCONT` resumes it.
   */
  signal(signal: Deno.Signal): Promise<void>;
  /** The server's log so far (useful in assertion messages). */
  log(): Promise<string>;
}

/** A running cluster. `await using` (or {@link NatsCluster.stop}) stops every node. */
export interface NatsCluster extends AsyncDisposable {
  /** The nodes, named n1, n2, ... */
  readonly servers: readonly NatsServer[];
  /** Every node's client URL, comma-separated: what `NATS_URL` takes. */
  readonly url: string;
  /** Stops every node still running. */
  stop(): Promise<void>;
  /**
   * The name of the node that leads a stream (`KV_<bucket>` for a KV bucket, `OBJ_<bucket>` for an
   * Object store), read from the monitoring endpoint of a running node; waits up to 10 s.
   */
  streamLeader(stream: string): Promise<string>;
}

/** How long a server may take to start listening (and a cluster to elect its meta leader). */
const START_TIMEOUT_MS = 15_000;

/**
 * Starts `nats-server` on 127.0.0.1 with JetStream in a new temporary directory and waits until it
 * accepts connections (and, with JetStream, reports healthy).
 *
 * @throws {Error} when the server exits or does not become ready, with its log
 */
export function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  return launch(options);
}

/**
 * Starts an `n`-node JetStream cluster on loopback (default 3 nodes, named n1..nN, each routing
 * to all) and waits until JetStream has elected its meta leader, so that streams with
 * `replicas: n` can be created at once. `options` apply to every node.
 */
export async function startNatsCluster(
  n = 3,
  options: Omit<NatsServerOptions, "name" | "port"> = {},
): Promise<NatsCluster> {
  const servers: NatsServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  const routePorts = freePorts(n);
  const block = (port: number) =>
    `cluster {\n  name: graft-test\n  listen: "127.0.0.1:${port}"\n  routes: [${
      routePorts.map((p) => `"nats-route://127.0.0.1:${p}"`).join(", ")
    }]\n}\n`;
  const started = await Promise.allSettled(
    routePorts.map((port, i) => launch({ ...options, name: `n${i + 1}` }, block(port))),
  );
  for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
  try {
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    if (options.jetstream !== false) await waitForMetaLeader(servers, n);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    servers,
    url: servers.map((s) => s.url).join(","),
    stop,
    streamLeader: (stream) => streamLeader(servers, stream),
    [Symbol.asyncDispose]: stop,
  };
}

/** What {@link seedNats} writes: KV buckets of keys, and Object stores of objects. */
export interface NatsSeed {
  /** Bucket → key → value (a string is stored as UTF-8). */
  kv?: Record<string, Record<string, string | Uint8Array>>;
  /** Bucket → object name → content, with an optional `Content-Type` header. */
  obj?: Record<string, Record<string, string | Uint8Array | SeedObject>>;
  /** Replicas for the buckets created (default 1; 3 on a 3-node cluster). */
  replicas?: number;
}

/** An object with headers, for {@link NatsSeed.obj}. */
export interface SeedObject {
  data: string | Uint8Array;
  /** The `Content-Type` header (none when absent). */
  contentType?: string;
}

/**
 * Creates the buckets and writes the keys and objects of a seed (existing buckets are reused).
 * `connection` carries credentials for secured servers (`token`, `user`/`pass`, `authenticator`,
 * `tls`).
 */
export async function seedNats(
  url: string,
  seed: NatsSeed,
  connection: Partial<ConnectionOptions> = {},
): Promise<void> {
  const nc = await connect({ servers: url.split(","), timeout: 5000, ...connection });
  try {
    const js = jetstream(nc);
    const replicas = seed.replicas ?? 1;
    for (const [bucket, entries] of Object.entries(seed.kv ?? {})) {
      const kv = await new Kvm(js).create(bucket, { replicas });
      for (const [key, value] of Object.entries(entries)) await kv.put(key, value);
    }
    for (const [bucket, objects] of Object.entries(seed.obj ?? {})) {
      const store = await new Objm(js).create(bucket, { replicas });
      for (const [name, item] of Object.entries(objects)) {
        const object = typeof item === "string" || item instanceof Uint8Array
          ? { data: item }
          : item;
        const meta: { name: string; headers?: ReturnType<typeof headers> } = { name };
        if (object.contentType !== undefined) {
          meta.headers = headers();
          meta.headers.set("Content-Type", object.contentType);
        }
        const data = typeof object.data === "string"
          ? new TextEncoder().encode(object.data)
          : object.data;
        await store.putBlob(meta, data);
      }
    }
  } finally {
    await nc.close();
  }
}

/**
 * Ports that are free now, for the cluster routes (which every node must know before it
 * starts). The listeners are held until all are chosen, so the ports are distinct.
 */
function freePorts(n: number): number[] {
  const listeners = Array.from(
    { length: n },
    () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
  );
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  listeners.forEach((l) => l.close());
  return ports;
}

interface PortsFile {
  nats?: string[];
  monitoring?: string[];
}

/** Waits until the kernel reports the process stopped (`State: T` in /proc/<pid>/status). */
async function untilStopped(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
    if (/^State:\s+T/m.test(status)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`nats-server ${pid} did not stop`);
}

/** The `<name>_<pid>.ports` file nats-server writes once it listens, or undefined. */
async function readPorts(dir: string): Promise<PortsFile | undefined> {
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.endsWith(".ports")) continue;
    try {
      return JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`));
    } catch {
      return undefined; // being written
    }
  }
  return undefined;
}

/** Starts one server; `cluster` is its `cluster { ... }` block when it is a cluster node. */
async function launch(options: NatsServerOptions, cluster = ""): Promise<NatsServer> {
  const dir = await Deno.makeTempDir({ prefix: "graft-nats-" });
  const lines = [
    options.name ? `server_name: ${options.name}` : "",
    `listen: "127.0.0.1:${options.port ?? -1}"`,
    `http: "127.0.0.1:-1"`,
    `ports_file_dir: ${JSON.stringify(dir)}`,
    `log_file: ${JSON.stringify(`${dir}/server.log`)}`,
    options.jetstream === false ? "" : `jetstream { store_dir: ${JSON.stringify(`${dir}/js`)} }`,
    cluster,
    options.config ?? "",
  ];
  const configFile = `${dir}/server.conf`;
  await Deno.writeTextFile(configFile, lines.filter((l) => l !== "").join("\n") + "\n");
  const binary = Deno.env.get("NATS_SERVER_BIN") || "nats-server";
  const child = new Deno.Command(binary, {
    args: ["-c", configFile],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const log = () => Deno.readTextFile(`${dir}/server.log`).catch(() => "");
  let stopping: Promise<void> | undefined;
  const stop = (signal: Deno.Signal = "SIGTERM") => {
    stopping ??= (async () => {
      try {
        child.kill(signal);
        if (signal !== "SIGKILL") child.kill("SIGCONT"); // a SIGSTOPped server must see it
      } catch {
        // already gone
      }
      await status;
      await stderr;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
    return stopping;
  };
  try {
    const ports = await waitForPorts(dir, () => exited);
    const port = Number(new URL(ports.nats![0]).port);
    const monitorUrl = ports.monitoring![0];
    // A cluster node is healthy only once the cluster has a meta leader: startNatsCluster waits.
    if (options.jetstream !== false && !cluster) await waitForHealth(monitorUrl, () => exited);
    return {
      url: `nats://127.0.0.1:${port}`,
      port,
      monitorUrl,
      dir,
      pid: child.pid,
      stop,
      signal: async (signal) => {
        child.kill(signal);
        if (signal === "SIGSTOP") await untilStopped(child.pid);
      },
      log,
      [Symbol.asyncDispose]: () => stop(),
    };
  } catch (error) {
    const text = `${await log()}${exited ? await stderr : ""}`;
    await stop("SIGKILL");
    throw new Error(`nats-server did not start: ${(error as Error).message}\n${text}`);
  }
}

async function waitForPorts(dir: string, exited: () => boolean): Promise<PortsFile> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("the process exited");
    const ports = await readPorts(dir);
    if (ports?.nats?.length && ports.monitoring?.length) return ports;
    await delay(20);
  }
  throw new Error(`no ports file after ${START_TIMEOUT_MS} ms`);
}

/** Waits for `/healthz` to answer 200 (JetStream ready). */
async function waitForHealth(monitorUrl: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("the process exited");
    const ok = await fetch(`${monitorUrl}/healthz`).then(async (r) => {
      await r.body?.cancel();
      return r.ok;
    }, () => false);
    if (ok) return;
    await delay(20);
  }
  throw new Error(`not healthy after ${START_TIMEOUT_MS} ms`);
}

async function jsz(server: NatsServer, query = ""): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(`${server.monitorUrl}/jsz${query}`);
    return await response.json();
  } catch {
    return undefined; // the node is down or starting
  }
}

async function waitForMetaLeader(servers: readonly NatsServer[], n: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const states = await Promise.all(servers.map((s) => jsz(s)));
    const ready = states.every((state) => {
      const meta = state?.meta_cluster as { leader?: string; cluster_size?: number } | undefined;
      return !!meta?.leader && meta.cluster_size === n;
    });
    if (ready) return;
    await delay(100);
  }
  throw new Error(`the cluster elected no JetStream meta leader in ${START_TIMEOUT_MS} ms`);
}

async function streamLeader(servers: readonly NatsServer[], stream: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    for (const server of servers) {
      const state = await jsz(server, "?streams=true&raft=true");
      const details = (state?.account_details ?? []) as { stream_detail?: unknown[] }[];
      for (const account of details) {
        for (const s of (account.stream_detail ?? []) as StreamDetail[]) {
          if (s.name === stream && s.cluster?.leader) return s.cluster.leader;
        }
      }
    }
    await delay(100);
  }
  throw new Error(`no leader found for stream ${stream}`);
}

interface StreamDetail {
  name: string;
  cluster?: { leader?: string };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
