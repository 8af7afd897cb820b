/**
 * Connections to NATS servers: one per server identity (URLs, credentials and TLS settings),
 * with the credentials and certificates read from their files, transient failures retried with
 * backoff and everything else reported at once.
 *
 * @module
 */

import { retry } from "../shared.ts";
import { nodeResolveHost, NodeTransport } from "@nats-io/transport-node/lib/node_transport.js";
import {
  type ConnectionOptions,
  credsAuthenticator,
  type NatsConnection,
  nkeyAuthenticator,
} from "@nats-io/nats-core";
import { NatsConnectionImpl, setTransportFactory } from "@nats-io/nats-core/internal";
import { GraftError } from "../../core/mod.ts";
import type { NatsSettings } from "./config.ts";
import { connectError, fatal, isTransient } from "./errors.ts";

/**
 * What makes two lookups share a connection: the servers, the credentials and the TLS settings.
 * The text holds secrets: use it as a map key only, never print it.
 */
export function connectionKey(settings: NatsSettings): string {
  return JSON.stringify([settings.servers, settings.credentials, settings.tls ?? null]);
}

/**
 * Connects, retrying refused, reset and timed-out attempts; authentication, TLS and permission
 * failures are reported at once.
 *
 * @throws {GraftError} (fatal) `failed to connect to NATS at URL: <reason>`
 */
export async function openConnection(settings: NatsSettings): Promise<NatsConnection> {
  const options = await connectOptions(settings);
  return await retrying(
    settings,
    () => connect(options),
    (error, attempts) => connectError(error, settings, attempts),
  );
}

/**
 * Runs an operation, again after a wait when it fails transiently (`retries` times at most, the
 * wait growing from `retryInterval` by `retryBackoff` up to `maxRetryInterval`). A `GraftError`
 * (a missing bucket or key) is passed on at once, as is any error that is not transient.
 *
 * @param fail phrases the last error, given the number of attempts made
 */
export async function retrying<T>(
  settings: NatsSettings,
  operation: () => Promise<T>,
  fail: (error: unknown, attempts: number) => Error,
): Promise<T> {
  let attempts = 0;
  try {
    const counted = () => {
      attempts++;
      return operation();
    };
    return await retry(counted, {
      transient: (error) => !(error instanceof GraftError) && isTransient(error),
      attempts: settings.retries + 1,
      delay: settings.retryInterval,
      factor: settings.retryBackoff,
      maxDelay: settings.maxRetryInterval,
    });
  } catch (error) {
    if (error instanceof GraftError) throw error;
    throw fail(error, attempts);
  }
}

/**
 * nats.js's node transport leaves the socket of a connect that timed out (a port that is not
 * NATS, a hung server, a TLS handshake the server never finishes) open, which would keep the
 * process alive; this one destroys it.
 */
class ClosingTransport extends NodeTransport {
  override close(error?: Error): Promise<void> {
    if (!this.connected) this.socket?.destroy();
    return super.close(error);
  }
}

/** `connect` of `@nats-io/transport-node`, with {@link ClosingTransport}. */
function connect(options: ConnectionOptions): Promise<NatsConnection> {
  setTransportFactory({ factory: () => new ClosingTransport(), dnsResolveFn: nodeResolveHost });
  return NatsConnectionImpl.connect(options);
}

async function connectOptions(settings: NatsSettings): Promise<ConnectionOptions> {
  const options: ConnectionOptions = {
    servers: [...settings.servers],
    name: "graft",
    timeout: settings.timeout,
    maxReconnectAttempts: settings.retries,
    reconnectTimeWait: settings.retryInterval,
  };
  const credentials = settings.credentials;
  switch (credentials.kind) {
    case "creds": {
      const text = await readSetting(credentials.file, "credentials file");
      options.authenticator = credsAuthenticator(
        new TextEncoder().encode(text.replaceAll("\r\n", "\n")),
      );
      break;
    }
    case "nkey": {
      const seed = (await readSetting(credentials.file, "nkey seed file")).trim();
      options.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
      break;
    }
    case "token":
      options.token = credentials.token;
      break;
    case "user":
      options.user = credentials.user;
      options.pass = credentials.password;
      break;
  }
  const tls = settings.tls;
  if (tls) {
    const files = { ca: tls.caFile, cert: tls.certFile, key: tls.keyFile };
    const what = { ca: "CA file", cert: "client certificate file", key: "client key file" };
    const pem: Record<string, string | boolean> = {};
    for (const [field, file] of Object.entries(files)) {
      if (file) pem[field] = await readSetting(file, what[field as keyof typeof what]);
    }
    // nats.js hands every field of `tls` to node:tls, which knows `rejectUnauthorized`.
    if (tls.insecureSkipVerify) pem.rejectUnauthorized = false;
    options.tls = pem;
  }
  return options;
}

/** A file named by the settings, as text; a failure names the file, never its content. */
async function readSetting(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "no such file or directory"
      : error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable
      ? "permission denied (graft needs --allow-read for it)"
      : error instanceof Error
      ? error.message
      : String(error);
    throw fatal(`failed to read the NATS ${what} ${path}: ${why}`, error);
  }
}
