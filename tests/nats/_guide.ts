/**
 * The NATS guide's examples (examples/nats/*.yml, exactly as the guide writes them) and the servers
 * they need: a plain JetStream server (the default `NATS_URL`), a TLS server, a mutual-TLS server,
 * a token server and a user/password server, each seeded with the guide's data. An example is run
 * after rewriting only its `host:port`s to the test servers (and the guide's `/etc/nats/` client
 * certificate paths to generated ones).
 *
 * @module
 */

import { join } from "node:path";
import type { ConnectionOptions } from "@nats-io/nats-core";
import { type NatsServer, startNatsServer } from "../_helpers/nats_server.ts";
import { seedGuide } from "../_helpers/nats_seed.ts";
import {
  createTlsMaterial,
  tlsConfig,
  type TlsMaterial,
  tokenConfig,
  usersConfig,
} from "../_helpers/nats_auth.ts";
import { ROOT } from "../_helpers/graft_cli.ts";

/** The servers of the guide's examples. */
export type GuideRole = "plain" | "tls" | "mtls" | "token" | "users";

/** One example file and the server each `host:port` it writes stands for. */
export interface GuideExample {
  /** The file in examples/nats/. */
  readonly file: string;
  /** `host:port` as written → the server it points to. */
  readonly hosts: Readonly<Record<string, GuideRole>>;
  /** The environments worth running it with (variables besides {@link GuideWorld.env}). */
  readonly environments?: readonly Readonly<Record<string, string>>[];
}

/** The examples directory. */
export const EXAMPLES_DIR: string = join(ROOT, "examples", "nats");

/** The guide's token, as its URL writes it. */
export const GUIDE_TOKEN = "mytoken";
/** The guide's user and password, as its URL writes them. */
export const GUIDE_USER = { user: "user", password: "password" } as const;

/** Every example of the guide, in the guide's order. */
export const GUIDE_EXAMPLES: readonly GuideExample[] = [
  { file: "config.yml", hosts: {} },
  { file: "connection.yml", hosts: { "prod-nats:4222": "plain", "secure-nats:4222": "tls" } },
  { file: "basic_auth.yml", hosts: { "localhost:4222": "users" } },
  { file: "token_auth.yml", hosts: { "localhost:4222": "token" } },
  { file: "tls.yml", hosts: { "secure-nats:4222": "mtls" } },
  {
    file: "base.yml",
    hosts: { "localhost:4222": "plain", "staging-nats:4222": "plain", "prod-nats:4222": "tls" },
    environments: [{}, { ENVIRONMENT: "staging" }, { ENVIRONMENT: "production" }],
  },
  { file: "services.yml", hosts: {} },
  { file: "tenants.yml", hosts: {} },
  { file: "assets.yml", hosts: {} },
  { file: "troubleshooting.yml", hosts: { "localhost:4222": "plain" } },
  { file: "from_file.yml", hosts: {} },
  { file: "from_env.yml", hosts: {} },
  { file: "from_vault.yml", hosts: {} },
];

/** The running servers of the guide, seeded, and how to point an example at them. */
export interface GuideWorld extends AsyncDisposable {
  readonly servers: Readonly<Record<GuideRole, NatsServer>>;
  readonly tls: TlsMaterial;
  /** A temporary directory: certificates and the rewritten examples. */
  readonly dir: string;
  /**
   * graft's environment: `NATS_URL` is the plain server, and `DENO_CERT` adds the test CA to the
   * trusted ones, as a real server's CA would be, so that `tls: true` works as the guide writes it.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Writes the example with its hosts rewritten into {@link dir}; returns its path. */
  prepare(example: GuideExample): Promise<string>;
  /** Stops every server and removes {@link dir}. */
  stop(): Promise<void>;
}

/** Starts and seeds the guide's five servers (TLS material is generated first). */
export async function startGuideWorld(): Promise<GuideWorld> {
  const dir = await Deno.makeTempDir({ prefix: "graft-guide-" });
  const tls = await createTlsMaterial(dir);
  const started: NatsServer[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const start = async (config: string, seedWith: Partial<ConnectionOptions>) => {
    const server = await startNatsServer({ config });
    started.push(server);
    await seedGuide(server.url, seedWith);
    return server;
  };
  const caOnly = { tls: { caFile: tls.caFile } };
  try {
    const [plain, tlsServer, mtls, token, users] = await Promise.all([
      start("", {}),
      start(tlsConfig(tls), caOnly),
      start(tlsConfig(tls, { verify: true }), {
        tls: { caFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile },
      }),
      start(tokenConfig(GUIDE_TOKEN), { token: GUIDE_TOKEN }),
      start(usersConfig([GUIDE_USER]), { user: GUIDE_USER.user, pass: GUIDE_USER.password }),
    ]);
    const servers = { plain, tls: tlsServer, mtls, token, users };
    return {
      servers,
      tls,
      dir,
      env: { NATS_URL: plain.url, DENO_CERT: tls.caFile },
      prepare: async (example) => {
        const text = await Deno.readTextFile(join(EXAMPLES_DIR, example.file));
        const path = join(dir, example.file);
        await Deno.writeTextFile(path, rewriteExample(text, example, servers, dir));
        return path;
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * An example's text with each `host:port` it names replaced by its test server's `127.0.0.1:PORT`,
 * and the guide's `/etc/nats/` certificate directory replaced by `certDir`.
 */
export function rewriteExample(
  text: string,
  example: GuideExample,
  servers: Readonly<Record<GuideRole, NatsServer>>,
  certDir: string,
): string {
  let out = text.replaceAll("/etc/nats/", `${certDir}/`);
  for (const [hostPort, role] of Object.entries(example.hosts)) {
    const rewritten = out.replaceAll(`${hostPort}"`, `127.0.0.1:${servers[role].port}"`);
    if (rewritten === out) throw new Error(`${example.file} does not name ${hostPort}`);
    out = rewritten;
  }
  return out;
}
