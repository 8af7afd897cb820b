/**
 * Reads from KV and Object stores over one connection, and turns what was read into document
 * values: KV entries are strings (or the map or list a multi-line value holds), objects are
 * parsed by their Content-Type, then by their name's extension, else kept as text or base64.
 *
 * @module
 */

import { type JetStreamManager, jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Float, GraftError, type Value } from "../../core/mod.ts";
import { loadYaml } from "../../yaml/mod.ts";
import type { NatsSettings } from "./config.ts";
import { retrying } from "./connection.ts";
import { fatal, notFoundError, readError } from "./errors.ts";

/** A bucket's stream: its name, and whether any replica may answer reads (direct gets). */
interface Bucket {
  readonly stream: string;
  readonly direct: boolean;
}

/** A stored object's metadata (the JSON of its `$O.<bucket>.M.<name>` message). */
interface ObjectInfo {
  name: string;
  nuid: string;
  size: number;
  chunks: number;
  digest?: string;
  deleted?: boolean;
  headers?: Record<string, string[]>;
  options?: { link?: { bucket: string; name?: string } };
}

/**
 * The stores of one connection. Every read is one JetStream message get with the connection's
 * timeout, retried when it fails transiently: a direct get, which any replica answers, when the
 * bucket allows it (so a stream-leader election costs nothing, NATS-NOTES §0.3), else a get
 * from the stream leader. Objects are read chunk by chunk the same way, so a download never
 * hangs and needs no consumer.
 */
export class Stores {
  readonly #settings: NatsSettings;
  readonly #nc: NatsConnection;
  readonly #buckets = new Map<string, Promise<Bucket>>();
  #manager?: Promise<JetStreamManager>;
  /**
   * Settles when the connection next drops or comes back: a request in flight then (or buffered
   * while it was down) may never be answered.
   */
  #interrupted = Promise.withResolvers<void>();

  constructor(settings: NatsSettings, nc: NatsConnection) {
    this.#settings = settings;
    this.#nc = nc;
    (async () => {
      for await (const status of nc.status()) {
        if (status.type !== "disconnect" && status.type !== "reconnect") continue;
        this.#interrupted.resolve();
        this.#interrupted = Promise.withResolvers<void>();
      }
    })();
  }

  /**
   * A key's value. A deleted or purged key counts as missing.
   *
   * @throws {GraftError} `failed to access KV store "b": bucket not found`, `failed to get key
   *   "k" from KV store "b": key not found` (both non-fatal), or a fatal error
   */
  async readKv(bucket: string, key: string): Promise<Value> {
    const store = await this.#open(`KV_${bucket}`, `failed to access KV store "${bucket}"`);
    const subject = `failed to get key "${key}" from KV store "${bucket}"`;
    const entry = await this.#get(store, { last_by_subj: `$KV.${bucket}.${key}` }, subject);
    const operation = entry?.header?.get("KV-Operation") ?? "";
    if (entry === null || operation === "DEL" || operation === "PURGE") {
      throw notFoundError(subject, "key");
    }
    return kvValue(entry.data);
  }

  /**
   * An object's content, converted by {@link objectValue}; links are followed.
   *
   * @throws {GraftError} `failed to access Object store "b": bucket not found`, `failed to get
   *   object "o" from Object store "b": object not found` (both non-fatal), or a fatal error
   */
  async readObject(bucket: string, name: string): Promise<Value> {
    const store = await this.#open(`OBJ_${bucket}`, `failed to access Object store "${bucket}"`);
    const subject = `failed to get object "${name}" from Object store "${bucket}"`;
    const encoded = new TextEncoder().encode(name).toBase64({ alphabet: "base64url" });
    const meta = await this.#get(store, { last_by_subj: `$O.${bucket}.M.${encoded}` }, subject);
    const info: ObjectInfo | undefined = meta?.json();
    if (!info || info.deleted) throw notFoundError(subject, "object");
    const link = info.options?.link;
    if (link) {
      if (!link.name) throw fatal(`${subject}: it links to a whole bucket`);
      return await this.readObject(link.bucket, link.name);
    }
    const bytes = await this.#download(store, bucket, info, subject);
    const contentType = Object.entries(info.headers ?? {})
      .find(([header]) => header.toLowerCase() === "content-type")?.[1][0];
    return objectValue(bytes, { name, bucket, contentType });
  }

  /** Closes the connection (waits until the socket is gone, so that the process can exit). */
  close(): Promise<void> {
    return this.#nc.close();
  }

  /** A bucket's stream, checked to exist (once per bucket; retried through a leader election). */
  #open(stream: string, subject: string): Promise<Bucket> {
    let bucket = this.#buckets.get(stream);
    if (!bucket) {
      bucket = this.#retrying(subject, async () => {
        const info = await (await this.#jsm()).streams.info(stream).catch((error) => {
          throw isStreamNotFound(error) ? notFoundError(subject, "bucket") : error;
        });
        return { stream, direct: info.config.allow_direct === true };
      });
      this.#buckets.set(stream, bucket);
    }
    return bucket;
  }

  /** One message by `last_by_subj`, or by `seq` and `next_by_subj`; null when there is none. */
  #get(
    bucket: Bucket,
    query: { last_by_subj: string } | { seq: number; next_by_subj: string },
    subject: string,
  ): Promise<StoredMsg | null> {
    return this.#retrying(subject, async () => {
      const manager = await this.#jsm();
      return bucket.direct
        ? await manager.direct.getMessage(bucket.stream, query)
        : await manager.streams.getMessage(bucket.stream, query);
    });
  }

  /** An object's chunks, checked against its size and SHA-256 digest. */
  async #download(
    store: Bucket,
    bucket: string,
    info: ObjectInfo,
    subject: string,
  ): Promise<Uint8Array> {
    const content = new Uint8Array(info.size);
    const chunks = `$O.${bucket}.C.${info.nuid}`;
    let offset = 0;
    let seq = 0;
    for (let i = 0; i < info.chunks; i++) {
      const chunk = await this.#get(store, { seq: seq + 1, next_by_subj: chunks }, subject);
      if (!chunk || offset + chunk.data.length > info.size) break;
      content.set(chunk.data, offset);
      offset += chunk.data.length;
      seq = chunk.seq;
    }
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", content));
    const expected = info.digest?.replace(/^SHA-256=/, "").replace(/=+$/, "");
    if (
      offset !== info.size ||
      digest.toBase64({ alphabet: "base64url", omitPadding: true }) !== expected
    ) {
      throw fatal(`${subject}: the object is incomplete or corrupt (its digest does not match)`);
    }
    return content;
  }

  /** The JetStream API client, its requests timing out after the connection's timeout. */
  #jsm(): Promise<JetStreamManager> {
    this.#manager ??= jetstreamManager(this.#nc, {
      timeout: this.#settings.timeout,
      checkAPI: false,
    });
    return this.#manager;
  }

  /**
   * Runs a request with {@link retrying}. A request in flight when the connection drops or
   * reconnects is retried after the usual wait, instead of waiting for its timeout.
   */
  #retrying<T>(subject: string, operation: () => Promise<T>): Promise<T> {
    const settings = this.#settings;
    const attempt = () => {
      const lost = this.#interrupted.promise.then(() => {
        throw Object.assign(new Error("connection lost"), { name: "ClosedConnectionError" });
      });
      return Promise.race([operation(), lost]);
    };
    return retrying(
      settings,
      attempt,
      (error, attempts) => readError(subject, error, settings, attempts),
    );
  }
}

/**
 * A KV value as a document value: valid UTF-8 is a string, except that a value spanning lines
 * that parses as a YAML map or list is that map or list; anything else is base64 text.
 */
export function kvValue(bytes: Uint8Array): Value {
  const text = utf8(bytes);
  if (text === undefined) return base64(bytes);
  if (text.trim().includes("\n")) {
    const parsed = tryYaml(text);
    if (parsed instanceof Map || Array.isArray(parsed)) return parsed;
  }
  return text;
}

/**
 * An object's content as a document value. By Content-Type (case-insensitive, parameters
 * ignored): YAML and JSON types are parsed (an error when they do not parse), `text/*` is a
 * string. Otherwise, when the type is absent or text, a `.yaml`/`.yml`/`.json` name is parsed
 * when it parses. What is left is a string when it is UTF-8 text (no NUL), else base64; binary
 * types (`image/png`, `application/octet-stream`, ...) are always base64.
 *
 * @throws {GraftError} (fatal) when a YAML or JSON typed object does not parse
 */
export function objectValue(bytes: Uint8Array, object: ObjectMeta): Value {
  const { name, contentType = "" } = object;
  const type = contentType.split(";")[0].trim().toLowerCase();
  const format = formatOf(type);
  if (format !== undefined) {
    const text = utf8(bytes);
    try {
      if (text === undefined) throw new Error("the content is not UTF-8 text");
      return format === "json" ? parseJson(text) : loadYaml(text, name, { expressions: false })[0];
    } catch (error) {
      const message = error instanceof GraftError ? error.describe() : (error as Error).message;
      const what = `object "${name}" in Object store "${object.bucket}"`;
      throw fatal(`failed to parse ${format.toUpperCase()} from ${what}: ${message}`, error);
    }
  }
  if (type !== "" && !type.startsWith("text/")) return base64(bytes);
  const text = utf8(bytes);
  if (text === undefined) return base64(bytes);
  const extension = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  if (extension === "yaml" || extension === "yml" || extension === "json") {
    const parsed = extension === "json" ? tryJson(text) : tryYaml(text);
    if (parsed !== undefined) return parsed;
  }
  return text;
}

/** What {@link objectValue} needs to know about an object besides its content. */
export interface ObjectMeta {
  readonly name: string;
  readonly bucket: string;
  /** The Content-Type header, as stored (absent or empty: none). */
  readonly contentType?: string;
}

/** The parser a Content-Type asks for, if any. */
function formatOf(type: string): "yaml" | "json" | undefined {
  switch (type) {
    case "application/yaml":
    case "application/x-yaml":
    case "text/yaml":
    case "text/x-yaml":
      return "yaml";
    case "application/json":
    case "text/json":
      return "json";
    default:
      return type.endsWith("+json") ? "json" : type.endsWith("+yaml") ? "yaml" : undefined;
  }
}

/**
 * JSON as document values: objects are maps, numbers written with a fraction or exponent are
 * floats, other numbers ints (bigints beyond 2^53).
 */
function parseJson(text: string): Value {
  return JSON.parse(text, (_key, value, context?: { source?: string }) => {
    if (typeof value === "number") {
      const source = context?.source ?? String(value);
      if (/[.eE]/.test(source)) return new Float(value);
      return Number.isSafeInteger(value) ? value : BigInt(source);
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return new Map(Object.entries(value));
    }
    return value;
  });
}

function tryJson(text: string): Value | undefined {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

function tryYaml(text: string): Value | undefined {
  try {
    return loadYaml(text, "yaml", { expressions: false })[0];
  } catch {
    return undefined;
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The text the bytes encode, or undefined when they are not UTF-8 text (or hold a NUL). */
function utf8(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function base64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

function isStreamNotFound(error: unknown): boolean {
  const e = error as { name?: string; code?: unknown } | undefined;
  return e?.name === "StreamNotFoundError" || e?.code === 10059;
}
