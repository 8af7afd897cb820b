/**
 * The AWS backend of `awsparam` (Systems Manager Parameter Store) and `awssecret` (Secrets
 * Manager), through the official SDK clients. A client library is imported, and its client
 * created, when a call first needs that service and target; reads are cached for the run (per
 * target, name and secret version), identical concurrent reads share one request, and at most
 * {@link MAX_CONCURRENT_READS} requests are in flight. The SDK retries throttling and transient
 * failures itself.
 *
 * @module
 */

import type { Environment } from "../../core/mod.ts";
import type { AwsLookup, AwsRead, AwsReader } from "../../eval/mod.ts";
import { Limiter, LoadCache } from "../shared.ts";
import { type AwsService, type AwsSettings, resolveAwsSettings } from "./config.ts";
import { fetchError } from "./errors.ts";

export * from "./config.ts";

/** The most requests one run has in flight at once. */
const MAX_CONCURRENT_READS = 16;

/** How long a connection may take to open, and a request to go without an answer (ms). */
const CONNECTION_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The AWS backend, reading its settings from `env` (see {@link resolveAwsSettings}); it opens
 * nothing until the first read.
 */
export function createAwsBackend(env: Environment): Promise<AwsReader> {
  return Promise.resolve(new AwsStore(env));
}

/** A read of one parameter or secret version. */
interface Read {
  readonly name: string;
  readonly stage?: string;
  readonly version?: string;
}

/** A client of one service for one target. */
interface ServiceClient {
  read(request: Read): Promise<string | string[]>;
  destroy(): void;
}

/** What graft's requests tell AWS about their sender. */
const USER_AGENT: [string, string?][] = [["aws-sdk-js"], ["lang/js"], ["app/graft"]];

const OPERATOR_NAMES: Readonly<Record<AwsService, string>> = {
  ssm: "awsparam",
  secretsmanager: "awssecret",
};

const OPENERS: Readonly<Record<AwsService, (settings: AwsSettings) => Promise<ServiceClient>>> = {
  async ssm(settings) {
    const { GetParameterCommand, SSMClient } = await import("@aws-sdk/client-ssm");
    const client = new SSMClient(clientConfig(settings));
    return {
      async read({ name }) {
        const command = new GetParameterCommand({ Name: name, WithDecryption: true });
        const { Parameter } = await client.send(command);
        const value = Parameter?.Value ?? "";
        return Parameter?.Type === "StringList" ? value.split(",") : value;
      },
      destroy: () => client.destroy(),
    };
  },
  async secretsmanager(settings) {
    const { GetSecretValueCommand, SecretsManagerClient } = await import(
      "@aws-sdk/client-secrets-manager"
    );
    const client = new SecretsManagerClient(clientConfig(settings));
    return {
      async read({ name, stage, version }) {
        const command = new GetSecretValueCommand({
          SecretId: name,
          VersionStage: stage,
          VersionId: version,
        });
        const { SecretString, SecretBinary } = await client.send(command);
        if (SecretString !== undefined || SecretBinary === undefined) return SecretString ?? "";
        return btoa(Array.from(SecretBinary, (byte) => String.fromCharCode(byte)).join(""));
      },
      destroy: () => client.destroy(),
    };
  },
};

function clientConfig(settings: AwsSettings) {
  return {
    ...settings,
    // The SDK's own user agent names the OS release, which Deno grants only with --allow-sys.
    defaultUserAgentProvider: () => Promise.resolve(USER_AGENT),
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
    },
  };
}

class AwsStore implements AwsReader {
  readonly #env: Environment;
  /** Clients by service and target, each opened on first use. */
  readonly #clients = new Map<string, Promise<ServiceClient>>();
  readonly #cache = new LoadCache<string | string[]>();
  readonly #limiter = new Limiter(MAX_CONCURRENT_READS);

  constructor(env: Environment) {
    this.#env = env;
  }

  parameter(read: AwsRead, lookup: AwsLookup): Promise<string | string[]> {
    return this.#read("ssm", { name: read.name }, lookup);
  }

  async secret(read: AwsRead, lookup: AwsLookup): Promise<string> {
    const { name, stage, version } = read;
    const request = stage ? { name, stage } : version ? { name, version } : { name };
    return await this.#read("secretsmanager", request, lookup) as string;
  }

  #read(service: AwsService, request: Read, lookup: AwsLookup): Promise<string | string[]> {
    const load = () => this.#fetch(service, request, lookup.target);
    if (!lookup.cache) return load();
    const selector = request.stage ? `stage=${request.stage}` : `version=${request.version ?? ""}`;
    return this.#cache.get([service, lookup.target ?? "", request.name, selector].join("\0"), load);
  }

  async #fetch(service: AwsService, request: Read, target: string | null) {
    const client = await this.#client(service, target);
    try {
      return await this.#limiter.run(() => client.read(request));
    } catch (error) {
      throw fetchError(error, OPERATOR_NAMES[service], request.name);
    }
  }

  #client(service: AwsService, target: string | null): Promise<ServiceClient> {
    const key = `${service}\0${target ?? ""}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = Promise.resolve().then(() =>
        OPENERS[service](resolveAwsSettings(this.#env, target, service))
      );
      this.#clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map(async (client) => {
      try {
        (await client).destroy();
      } catch {
        // A client that failed to open has nothing to release.
      }
    }));
  }
}
