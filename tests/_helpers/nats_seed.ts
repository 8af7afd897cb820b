/**
 * The data of the NATS integration guide's setup section (`nats kv add`, `nats kv put`,
 * `nats object put`) and of every store its examples read, written with {@link seedNats}; its
 * images are small valid PNG and ICO files. Objects carry no headers, as `nats object put` stores
 * them. (The guide's `--ttl` and `--replicas 3` are left out: a single test server has one
 * replica, and no read depends on a TTL.)
 *
 * @module
 */

import type { ConnectionOptions } from "@nats-io/nats-core";
import { type NatsSeed, seedNats } from "./nats_server.ts";

/** The guide's `app_settings` value, exactly as its heredoc writes it. */
const APP_SETTINGS_YAML = `debug: false
features:
  - auth
  - api
  - websocket
limits:
  max_connections: 1000
  request_timeout: 30s
`;

/**
 * Everything the guide's examples read. KV: `config` (the guide's four keys, plus `test`,
 * `db_host` and `db_port`), `secrets`, `secure`, `protected`, `encrypted`, `services`
 * (`<name>/config`), `cache`, `features`. Objects: `assets` (YAML, a PNG logo, a favicon, a
 * template), `configs` (`<env>/database.yaml`, `production.yml`), `tenants` (`<id>/config.yaml`),
 * `protected` and `templates`. Multi-line values are YAML documents.
 */
export async function guideSeed(): Promise<Required<Omit<NatsSeed, "replicas">>> {
  const logo = await pngImage(16, 16, [0x1e, 0x88, 0xe5]);
  const favicon = icoImage(await pngImage(16, 16, [0xf4, 0x51, 0x1e]));
  const database = (env: string, host: string) =>
    `host: ${host}\nport: 5432\nname: app_${env}\npool: ${env === "production" ? 20 : 5}\n`;
  return {
    kv: {
      config: {
        database_host: "db.example.com",
        database_port: "5432",
        api_timeout: "30s",
        app_settings: APP_SETTINGS_YAML,
        test: "ok",
        db_host: "db.internal.example.com",
        db_port: "6432",
      },
      secrets: { api_key: "sk-live-51f0c0ffee" },
      secure: { data: "top-secret-payload" },
      protected: { value: "for-authenticated-eyes" },
      encrypted: { secrets: "db_password: hunter2\napi_token: t0k3n\n" },
      services: {
        "api-gateway/config": "upstream: http://10.0.0.10:9000\nrate_limit: 100\n",
        "auth-service/config": "issuer: https://auth.example.com\ntoken_ttl: 1h\n",
      },
      cache: { session_token: "abc123" },
      features: { new_dashboard: "true" },
    },
    obj: {
      assets: {
        "config.yaml": "log_level: info\nmax_upload_mb: 10\n",
        "logo.png": logo,
        "template.tmpl": "Hello, {{ .Name }}!\n",
        "images/logo.png": logo,
        "images/favicon.ico": favicon,
      },
      configs: {
        "development/database.yaml": database("development", "localhost"),
        "staging/database.yaml": database("staging", "db.staging.example.com"),
        "production/database.yaml": database("production", "db.prod.example.com"),
        "production.yml": "replicas: 3\nlog_level: warn\n",
      },
      tenants: {
        "acme-corp/config.yaml": "plan: enterprise\nseats: 250\n",
        "globex/config.yaml": "plan: startup\nseats: 12\n",
      },
      protected: { "config.yaml": "audit: true\nretention_days: 90\n" },
      templates: { "welcome.txt": "Welcome aboard!\n" },
    },
  };
}

/** Seeds {@link guideSeed} into the server at `url` (credentials in `connection`). */
export async function seedGuide(
  url: string,
  connection: Partial<ConnectionOptions> = {},
): Promise<void> {
  await seedNats(url, await guideSeed(), connection);
}

/** A valid PNG file: a `width`×`height` image filled with one RGB colour. */
async function pngImage(
  width: number,
  height: number,
  rgb: readonly [number, number, number],
): Promise<Uint8Array> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  const rows = new Uint8Array(height * (1 + 3 * width)); // each row: filter byte 0, then pixels
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set(rgb, y * (1 + 3 * width) + 1 + 3 * x);
  }
  const compressed = await new Response(
    new Blob([rows]).stream().pipeThrough(new CompressionStream("deflate")),
  ).bytes();
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", compressed),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

/** A valid ICO file holding one PNG image (as modern favicons do). */
function icoImage(png: Uint8Array): Uint8Array {
  const head = new Uint8Array(22);
  const view = new DataView(head.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  head[6] = png[19]; // width and height from the IHDR chunk (16 → 16; 0 means 256)
  head[7] = png[23];
  view.setUint16(10, 1, true); // colour planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, png.length, true);
  view.setUint32(18, head.length, true);
  return concatBytes([head, png]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(new TextEncoder().encode(type), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
