/**
 * Credentials for the NATS auth tests, generated at test time into a directory the caller owns:
 * nkey users (seed files), an operator with accounts and users (JWTs, `.creds` files and the
 * server's memory resolver), a CA with server and client certificates (openssl), and the
 * nats-server configuration snippets that use them. Nothing here starts a server.
 *
 * @module
 */

import { join } from "node:path";
import { createAccount, createOperator, createUser, type KeyPair } from "@nats-io/nkeys";
import { encodeAccount, encodeOperator, encodeUser, fmtCreds } from "@nats-io/jwt";

/** Subjects a user may publish to and subscribe to (allow lists). */
export interface Permissions {
  publish?: readonly string[];
  subscribe?: readonly string[];
}

/** One entry of a server's `authorization.users`: a user/password or an nkey user. */
export type AuthUser =
  | { user: string; password: string; permissions?: Permissions }
  | { nkey: string; permissions?: Permissions };

/** A conf-file string: JSON's double-quoted form, which nats-server reads as is. */
function quote(text: string): string {
  return JSON.stringify(text);
}

function permissionsConfig(permissions: Permissions): string {
  const list = (subjects: readonly string[]) => `[${subjects.map(quote).join(", ")}]`;
  const parts = [];
  if (permissions.publish) parts.push(`publish: { allow: ${list(permissions.publish)} }`);
  if (permissions.subscribe) parts.push(`subscribe: { allow: ${list(permissions.subscribe)} }`);
  return `permissions: { ${parts.join(", ")} }`;
}

/** Server config admitting one token: `authorization { token: "..." }`. */
export function tokenConfig(token: string): string {
  return `authorization { token: ${quote(token)} }\n`;
}

/** Server config admitting these users (user/password and nkey users may be mixed). */
export function usersConfig(users: readonly AuthUser[]): string {
  const entries = users.map((entry) => {
    const who = "nkey" in entry
      ? `nkey: ${quote(entry.nkey)}`
      : `user: ${quote(entry.user)}, password: ${quote(entry.password)}`;
    return `    { ${who}${entry.permissions ? `, ${permissionsConfig(entry.permissions)}` : ""} }`;
  });
  return `authorization {\n  users: [\n${entries.join("\n")}\n  ]\n}\n`;
}

/**
 * What a user needs to read these KV buckets and object stores and nothing else (NATS-NOTES §9,
 * plus direct gets by subject in the request body): the JetStream API subjects of their streams,
 * and replies on `_INBOX.>`.
 */
export function readerPermissions(
  kvBuckets: readonly string[],
  objectBuckets: readonly string[],
): Permissions {
  const publish = ["$JS.API.INFO"];
  for (const bucket of kvBuckets) {
    const stream = `KV_${bucket}`;
    publish.push(
      `$JS.API.STREAM.INFO.${stream}`,
      `$JS.API.STREAM.MSG.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}.>`,
    );
  }
  for (const bucket of objectBuckets) {
    const stream = `OBJ_${bucket}`;
    publish.push(
      `$JS.API.STREAM.INFO.${stream}`,
      `$JS.API.STREAM.MSG.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}`,
      `$JS.API.DIRECT.GET.${stream}.>`,
      `$JS.API.CONSUMER.CREATE.${stream}`,
      `$JS.API.CONSUMER.CREATE.${stream}.>`,
      `$JS.API.CONSUMER.DELETE.${stream}.>`,
      `$JS.FC.${stream}.>`,
    );
  }
  return { publish, subscribe: ["_INBOX.>"] };
}

/** An nkey user: its public key (for the server) and its seed file (for the client). */
export interface NkeyUser {
  readonly publicKey: string;
  /** The `SU...` seed, written with a trailing newline as `nsc` writes it. */
  readonly seedFile: string;
}

/** Creates an nkey user and writes its seed to `<dir>/<name>.nk`. */
export async function createNkeyUser(dir: string, name = "user"): Promise<NkeyUser> {
  const pair = createUser();
  const seedFile = join(dir, `${name}.nk`);
  await Deno.writeTextFile(seedFile, `${new TextDecoder().decode(pair.getSeed())}\n`);
  return { publicKey: pair.getPublicKey(), seedFile };
}

/**
 * An operator-mode (decentralized JWT) setup: the server config, and `.creds` files for users
 * the server accepts or rejects in different ways.
 */
export interface OperatorSetup {
  /** `operator`, `system_account`, `resolver: MEMORY` and `resolver_preload` for nats-server. */
  readonly config: string;
  /** A user of the `APP` account, which has JetStream. */
  readonly credsFile: string;
  /** A user whose JWT expired an hour ago. */
  readonly expiredCredsFile: string;
  /** A user signed by an account the server does not know. */
  readonly unknownAccountCredsFile: string;
  /** A user of `APP` that may not publish to `$JS.API.>`: connects, then every read is denied. */
  readonly deniedCredsFile: string;
}

/** NATS and JetStream limits an account needs to connect and to use JetStream (-1: unlimited). */
const UNLIMITED_ACCOUNT = {
  limits: {
    subs: -1,
    data: -1,
    payload: -1,
    imports: -1,
    exports: -1,
    wildcards: true,
    conn: -1,
    leaf: -1,
    mem_storage: -1,
    disk_storage: -1,
    streams: -1,
    consumer: -1,
  },
};

/**
 * Creates an operator, a system account, an `APP` account with JetStream and its users, without
 * `nsc` (NATS-NOTES §1.4), and writes the operator JWT and the `.creds` files into `dir`.
 */
export async function createOperatorSetup(dir: string): Promise<OperatorSetup> {
  const operator = createOperator();
  const system = createAccount();
  const app = createAccount();
  const stranger = createAccount();
  const operatorFile = join(dir, "operator.jwt");
  await Deno.writeTextFile(operatorFile, await encodeOperator("TEST_OP", operator));
  const systemJwt = await encodeAccount("SYS", system, {}, { signer: operator });
  const appJwt = await encodeAccount("APP", app, UNLIMITED_ACCOUNT, { signer: operator });

  const writeCreds = async (
    name: string,
    account: KeyPair,
    user: Parameters<typeof encodeUser>[3] = {},
    exp?: number,
  ) => {
    const pair = createUser();
    const jwt = await encodeUser(name, pair, account, user, exp === undefined ? {} : { exp });
    const file = join(dir, `${name}.creds`);
    await Deno.writeFile(file, fmtCreds(jwt, pair));
    return file;
  };
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  const config = [
    `operator: ${quote(operatorFile)}`,
    `system_account: ${system.getPublicKey()}`,
    "resolver: MEMORY",
    "resolver_preload: {",
    `  ${system.getPublicKey()}: ${quote(systemJwt)}`,
    `  ${app.getPublicKey()}: ${quote(appJwt)}`,
    "}",
    "",
  ].join("\n");
  return {
    config,
    credsFile: await writeCreds("app-user", app),
    expiredCredsFile: await writeCreds("expired-user", app, {}, hourAgo),
    unknownAccountCredsFile: await writeCreds("stranger", stranger),
    deniedCredsFile: await writeCreds("denied-user", app, { pub: { deny: ["$JS.API.>"] } }),
  };
}

/** A CA with a server certificate and two client certificates, all PEM files. */
export interface TlsMaterial {
  /** The CA that signed the server and the trusted client certificate. */
  readonly caFile: string;
  /** For `127.0.0.1` and `localhost`. */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** `client.crt`/`client.key`, the names the guide's example uses. */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** A second CA, unknown to the server. */
  readonly otherCaFile: string;
  /** A client certificate signed by the other CA. */
  readonly otherClientCertFile: string;
  readonly otherClientKeyFile: string;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command("openssl", {
    args: [...args],
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(`openssl ${args[0]} failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
}

/** A new EC key, for `openssl req -newkey`. */
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** Creates a self-signed CA: `<name>.pem` and `<name>.key` in `dir`. */
async function createCa(dir: string, name: string): Promise<void> {
  await openssl(dir, [
    "req",
    "-x509",
    ...EC_KEY,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-subj",
    `/CN=graft test ${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

/** Creates `<name>.crt`/`<name>.key` signed by CA `<ca>`, with these X.509 extensions. */
async function createCertificate(
  dir: string,
  name: string,
  ca: string,
  extensions: string,
): Promise<void> {
  await openssl(dir, [
    "req",
    ...EC_KEY,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${name}`,
  ]);
  await Deno.writeTextFile(join(dir, `${name}.ext`), extensions);
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.pem`,
    "-CAkey",
    `${ca}.key`,
    "-set_serial",
    String(Math.floor(Math.random() * 2 ** 40)),
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  ]);
}

/** Generates a CA, a server certificate and client certificates with openssl into `dir`. */
export async function createTlsMaterial(dir: string): Promise<TlsMaterial> {
  await Promise.all([createCa(dir, "ca"), createCa(dir, "other-ca")]);
  await Promise.all([
    createCertificate(
      dir,
      "server",
      "ca",
      "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
    ),
    createCertificate(dir, "client", "ca", "extendedKeyUsage=clientAuth\n"),
    createCertificate(dir, "other-client", "other-ca", "extendedKeyUsage=clientAuth\n"),
  ]);
  return {
    caFile: join(dir, "ca.pem"),
    serverCertFile: join(dir, "server.crt"),
    serverKeyFile: join(dir, "server.key"),
    clientCertFile: join(dir, "client.crt"),
    clientKeyFile: join(dir, "client.key"),
    otherCaFile: join(dir, "other-ca.pem"),
    otherClientCertFile: join(dir, "other-client.crt"),
    otherClientKeyFile: join(dir, "other-client.key"),
  };
}

/**
 * Server config requiring TLS with the server certificate; with `verify`, clients must also
 * present a certificate signed by the CA (mutual TLS).
 */
export function tlsConfig(material: TlsMaterial, options: { verify?: boolean } = {}): string {
  return [
    "tls {",
    `  cert_file: ${quote(material.serverCertFile)}`,
    `  key_file: ${quote(material.serverKeyFile)}`,
    `  ca_file: ${quote(material.caFile)}`,
    `  verify: ${options.verify ? "true" : "false"}`,
    "  timeout: 2",
    "}",
    "",
  ].join("\n");
}
