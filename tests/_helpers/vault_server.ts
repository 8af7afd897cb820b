/**
 * A small local Vault for tests: the part of the HTTP API graft uses (the `X-Vault-Token` and
 * `X-Vault-Namespace` headers, KV v1 and v2 reads, `sys/internal/ui/mounts/<path>`), answering
 * with the status codes and bodies Vault sends. Listens on a free loopback port, over HTTP or
 * HTTPS (a certificate signed by {@link TEST_CA_CERT}).
 *
 * @module
 */

/** A KV mount: its version and its secrets, by path below the mount (`db/creds`). */
export interface KvMount {
  readonly version: 1 | 2;
  /** `null` stands for a KV v2 secret whose latest version is deleted. */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
}

/** Mounts by path, with a trailing slash (`secret/`). */
export type Mounts = Readonly<Record<string, KvMount>>;

/** Options for {@link startVaultServer}. */
export interface VaultServerOptions {
  /** The token clients must send. @default "test-token" */
  readonly token?: string;
  /** The mounts of the root namespace. */
  readonly mounts?: Mounts;
  /** The mounts of other namespaces, by namespace. */
  readonly namespaces?: Readonly<Record<string, Mounts>>;
  /** Paths the token's policies do not allow (403). */
  readonly denied?: readonly string[];
  /** Every request answers 503, "Vault is sealed". */
  readonly sealed?: boolean;
  /** How many times a path answers 500 before it is read. */
  readonly flaky?: Readonly<Record<string, number>>;
  /** `sys/internal/ui/mounts` answers 404, as in Vault before 0.10. */
  readonly noMountsEndpoint?: boolean;
  /** Milliseconds each request waits before its answer. */
  readonly latency?: number;
  /** Serve HTTPS. */
  readonly tls?: boolean;
}

/** One request the server received. */
export interface RecordedRequest {
  /** The API path after `/v1/`, decoded. */
  readonly path: string;
  readonly token: string | null;
  readonly namespace: string | null;
}

/** A running local Vault. */
export interface VaultServer {
  /** `http://127.0.0.1:PORT` (or `https://`). */
  readonly address: string;
  /** Every request, in the order they came. */
  readonly requests: RecordedRequest[];
  /** The most requests that were in progress at once. */
  readonly maxInFlight: number;
  /** Stops the server. */
  close(): Promise<void>;
}

/** The CA certificate (PEM) that signed the certificate of a `tls` server. */
export const TEST_CA_CERT = `-----BEGIN CERTIFICATE-----
MIIBljCCAT2gAwIBAgIUSr40l8/vYUDVwPcHNybaE6QW4YowCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNZ3JhZnQgdGVzdCBDQTAgFw0yNjExMjcxNDE0NTlaGA8yMTI2
MTEwMzE0MTQ1OVowGDEWMBQGA1UEAwwNZ3JhZnQgdGVzdCBDQTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABJ2DgFfQBQcKVoNQp4nxzrkwfs6S6UBRRh8uaYLtueN/
P3JzvMiPesGISL8/ANO2N37tBjDw0o/UtX+bNWaC6O+jYzBhMB0GA1UdDgQWBBQD
q7uawwPqUZYsRMmPCePKWnVdjjAfBgNVHSMEGDAWgBQDq7uawwPqUZYsRMmPCePK
WnVdjjAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQD
AgNHADBEAiAs6tsALx2AS77PJ2ETIZBioj7lYFu1mpwVFXV3IlNg/QIgWM1c8X0t
secYIylsAACD2/DNgNkbTxvIE6o43QvIOxs=
-----END CERTIFICATE-----
`;

const SERVER_CERT = `-----BEGIN CERTIFICATE-----
MIIBvzCCAWagAwIBAgIUFEOh1u0uFGeMMNFo9WMEQTIiWCQwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNZ3JhZnQgdGVzdCBDQTAgFw0yNjExMjcxNDE0NTlaGA8yMTI2
MTEwMzE0MTQ1OVowFDESMBAGA1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEvoIKG5TJGa6egOjwDb/xqtPSBBLj0yr+OpQsQvsQQilG9WBa
lCIXbBvn9EOzhwnXGFaCcCw2kTYHQ31UHTYw/qOBjzCBjDAJBgNVHRMEAjAAMA4G
A1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAaBgNVHREEEzARhwR/
AAABgglsb2NhbGhvc3QwHQYDVR0OBBYEFACCYQv1bACF4dewEF481v32UzmtMB8G
A1UdIwQYMBaAFAOru5rDA+pRlixEyY8J48padV2OMAoGCCqGSM49BAMCA0cAMEQC
IDgTXahd8tWmnKJ14HceKA1Uw7DaYqMAimDe1m9vFx8CAiBq0Hw8xdlHPMRGto59
OADmJwzgkZyeAszZEsgdRTqncQ==
-----END CERTIFICATE-----
`;

const SERVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNA7BuxiioXpfohGm
UOVYJtf9h5tKAj1bpImrTxMuEO+hRANCAAS+ggoblMkZrp6A6PANv/Gq09IEEuPT
Kv46lCxC+xBCKUb1YFqUIhdsG+f0Q7OHCdcYVoJwLDaRNgdDfVQdNjD+
-----END PRIVATE KEY-----
`;

/** Starts a local Vault on a free loopback port. */
export function startVaultServer(options: VaultServerOptions = {}): VaultServer {
  const token = options.token ?? "test-token";
  const flaky = new Map(Object.entries(options.flaky ?? {}));
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const answer = (request: Request): Response => {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\//, ""));
    const namespace = request.headers.get("X-Vault-Namespace");
    requests.push({ path, token: request.headers.get("X-Vault-Token"), namespace });
    if (options.sealed) return reply(503, { errors: ["Vault is sealed"] });
    if (request.headers.get("X-Vault-Token") !== token) {
      return reply(403, { errors: ["permission denied"] });
    }
    const mounts = namespace ? options.namespaces?.[namespace.replace(/\/+$/, "")] : options.mounts;
    if (!mounts) return reply(403, { errors: ["permission denied"] });
    const preflight = "sys/internal/ui/mounts/";
    if (path.startsWith(preflight)) {
      if (options.noMountsEndpoint) return reply(404, { errors: [] });
      return mountInfo(mounts, path.slice(preflight.length));
    }
    const failures = flaky.get(path) ?? 0;
    if (failures > 0) {
      flaky.set(path, failures - 1);
      return reply(500, { errors: ["internal error"] });
    }
    if (options.denied?.includes(path)) {
      return reply(403, { errors: ["1 error occurred:\n\t* permission denied\n\n"] });
    }
    return read(mounts, path);
  };

  const handler = async (request: Request): Promise<Response> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (options.latency) await new Promise((resolve) => setTimeout(resolve, options.latency));
      return answer(request);
    } finally {
      inFlight--;
    }
  };
  const listen = { hostname: "127.0.0.1", port: 0, onListen() {} };
  const server = options.tls
    ? Deno.serve({ ...listen, cert: SERVER_CERT, key: SERVER_KEY }, handler)
    : Deno.serve(listen, handler);
  return {
    address: `${options.tls ? "https" : "http"}://127.0.0.1:${server.addr.port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => server.shutdown(),
  };
}

/** The mount serving a path: the longest mount path it starts with. */
function findMount(mounts: Mounts, path: string): [string, KvMount] | undefined {
  const candidates = Object.entries(mounts).filter(([mount]) => `${path}/`.startsWith(mount));
  return candidates.sort((a, b) => b[0].length - a[0].length)[0];
}

/** `sys/internal/ui/mounts/<path>`: the mount's description, or Vault's preflight 403. */
function mountInfo(mounts: Mounts, path: string): Response {
  const found = findMount(mounts, path);
  if (!found) {
    const message = `preflight capability check returned 403, please ensure client's policies ` +
      `grant access to path "${path}/"`;
    return reply(403, { errors: [message] });
  }
  const [mount, kv] = found;
  return reply(200, {
    ...envelope(),
    data: {
      accessor: "kv_0f2c5b1e",
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
      description: "",
      external_entropy_access: false,
      local: false,
      options: kv.version === 2 ? { version: "2" } : null,
      path: mount,
      seal_wrap: false,
      type: "kv",
      uuid: "5bf1c2b1-7c7c-2f5d-2b1e-3a0c0f2c5b1e",
    },
  });
}

/** A KV read: v1 `<mount><path>`, v2 `<mount>data/<path>`. */
function read(mounts: Mounts, path: string): Response {
  const found = findMount(mounts, path);
  if (!found) {
    return reply(404, { errors: [`no handler for route "${path}". route entry not found.`] });
  }
  const [mount, kv] = found;
  const rest = path.slice(mount.length);
  if (kv.version === 1) {
    const secret = kv.secrets[rest];
    if (!secret) return reply(404, { errors: [] });
    return reply(200, { ...envelope(), lease_duration: 2764800, data: secret });
  }
  if (!rest.startsWith("data/")) {
    return reply(404, {
      ...envelope(),
      data: null,
      warnings: [
        "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate " +
        "API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.",
      ],
    });
  }
  const secret = kv.secrets[rest.slice("data/".length)];
  if (secret === undefined) return reply(404, { errors: [] });
  const metadata = {
    created_time: "2026-01-02T03:04:05.123456789Z",
    custom_metadata: null,
    deletion_time: secret === null ? "2026-01-03T03:04:05.123456789Z" : "",
    destroyed: false,
    version: secret === null ? 2 : 1,
  };
  return reply(secret === null ? 404 : 200, { ...envelope(), data: { data: secret, metadata } });
}

/** The fields every Vault answer with data carries. */
function envelope() {
  return {
    request_id: crypto.randomUUID(),
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    wrap_info: null,
    warnings: null,
    auth: null,
  };
}

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
