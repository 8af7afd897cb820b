/**
 * A local stand-in for AWS Systems Manager Parameter Store and Secrets Manager: an HTTP server on
 * a free loopback port that speaks the subset of the AWS JSON 1.1 protocol graft uses
 * (`X-Amz-Target: AmazonSSM.GetParameter` and `secretsmanager.GetSecretValue`), checks each
 * request's Signature Version 4 signature against the credentials it knows, and answers with the
 * response and error bodies AWS sends. The official SDK clients talk to it unmodified through an
 * endpoint override (`AWS_ENDPOINT_URL`).
 *
 * ```ts ignore
 * import { startAwsServer, TEST_CREDENTIALS } from "../../tests/_helpers/aws_server.ts";
 *
 * Deno.test("reads a parameter", async () => {
 *   await using server = startAwsServer({ parameters: { "/app/port": "8080" } });
 *   // ... run graft with AWS_ENDPOINT_URL=server.url, AWS_REGION=us-east-1 and
 *   // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from TEST_CREDENTIALS ...
 * });
 * ```
 *
 * @module
 */

/** A signing identity the server accepts. */
export interface AwsCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, requests must carry it as `X-Amz-Security-Token` (temporary credentials). */
  readonly sessionToken?: string;
}

/** The credentials {@link startAwsServer} accepts unless told otherwise. */
export const TEST_CREDENTIALS: AwsCredential = {
  accessKeyId: "AKIAGRAFTTESTEXAMPLE",
  secretAccessKey: "graft/test/secret/access/key/EXAMPLEKEY",
};

/** A Parameter Store parameter. */
export interface ParameterFixture {
  readonly value: string;
  /** @default "SecureString" */
  readonly type?: "String" | "StringList" | "SecureString";
}

/** One version of a secret: a string or binary value, and its staging labels. */
export interface SecretVersionFixture {
  readonly id: string;
  /** @default ["AWSCURRENT"] for the first version, none for the others */
  readonly stages?: readonly string[];
  readonly value: string | Uint8Array;
}

/** What the server holds and how it behaves. */
export interface AwsServerOptions {
  /** Parameters by name; a string is a `SecureString`. */
  readonly parameters?: Readonly<Record<string, string | ParameterFixture>>;
  /** Secrets by name; a string or bytes is one version with the `AWSCURRENT` label. */
  readonly secrets?: Readonly<
    Record<string, string | Uint8Array | readonly SecretVersionFixture[]>
  >;
  /** Signers it accepts. @default [TEST_CREDENTIALS] */
  readonly credentials?: readonly AwsCredential[];
  /** Parameter and secret names whose reads are refused with `AccessDeniedException`. */
  readonly denied?: readonly string[];
  /** Answers this many requests with a `ThrottlingException` first (a transient failure). */
  readonly throttle?: number;
  /** Waits this long before each answer, in milliseconds, so that lookups overlap. */
  readonly delay?: number;
}

/** A request the server received, whatever it answered. */
export interface AwsRequest {
  /** The `X-Amz-Target` header, e.g. `AmazonSSM.GetParameter`. */
  readonly target: string;
  /** The JSON body. */
  readonly body: Record<string, unknown>;
  /** From the signature's credential scope (empty when the request was not signed). */
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  /** The `__type` of the error answered, or `null` for a success. */
  readonly error: string | null;
}

/** A running server. `await using` (or {@link AwsServer.close}) stops it. */
export interface AwsServer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`, what `AWS_ENDPOINT_URL` takes. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in arrival order. */
  readonly requests: readonly AwsRequest[];
  close(): Promise<void>;
}

/** The account the server pretends to be. */
export const ACCOUNT_ID = "123456789012";

const JSON_TYPE = "application/x-amz-json-1.1";
const SERVICES: Readonly<Record<string, string>> = {
  "AmazonSSM.GetParameter": "ssm",
  "secretsmanager.GetSecretValue": "secretsmanager",
};
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;

/** An error answer: HTTP status, the `__type` and the message, as AWS sends them. */
class Fault {
  constructor(readonly status: number, readonly type: string, readonly message?: string) {}
}

/** Starts a server on a free loopback port. */
export function startAwsServer(options: AwsServerOptions = {}): AwsServer {
  const requests: AwsRequest[] = [];
  let throttled = 0;
  const handle = async (request: Request): Promise<Response> => {
    const bodyText = await request.text();
    const target = request.headers.get("x-amz-target") ?? "";
    let body: Record<string, unknown> = {};
    const scope = scopeOf(request.headers.get("authorization"));
    let answer: Record<string, unknown> | Fault;
    try {
      body = JSON.parse(bodyText || "{}");
      await authenticate(request, bodyText, target, options.credentials ?? [TEST_CREDENTIALS]);
      if (throttled < (options.throttle ?? 0)) {
        throttled++;
        throw new Fault(400, "ThrottlingException", "Rate exceeded");
      }
      if (options.delay) await new Promise((resolve) => setTimeout(resolve, options.delay));
      answer = target === "AmazonSSM.GetParameter"
        ? getParameter(body, scope.region, options)
        : getSecretValue(body, scope.region, options);
    } catch (error) {
      if (error instanceof SyntaxError) answer = new Fault(400, "SerializationException");
      else if (error instanceof Fault) answer = error;
      else throw error;
    }
    requests.push({ target, body, ...scope, error: answer instanceof Fault ? answer.type : null });
    const headers = { "content-type": JSON_TYPE, "x-amzn-requestid": crypto.randomUUID() };
    if (!(answer instanceof Fault)) return new Response(JSON.stringify(answer), { headers });
    const fault = answer.message === undefined
      ? { __type: answer.type }
      : { __type: answer.type, Message: answer.message };
    return new Response(JSON.stringify(fault), { status: answer.status, headers });
  };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  const { port } = server.addr as Deno.NetAddr;
  const close = () => server.shutdown();
  return { url: `http://127.0.0.1:${port}`, port, requests, close, [Symbol.asyncDispose]: close };
}

/** The access key, region and service a request's `Authorization` header names, if it is well formed. */
function scopeOf(
  authorization: string | null,
): { accessKeyId: string; region: string; service: string } {
  const match = AUTHORIZATION.exec(authorization ?? "");
  return match
    ? { accessKeyId: match[1], region: match[3], service: match[4] }
    : { accessKeyId: "", region: "", service: "" };
}

/**
 * Checks the request's Signature Version 4 `Authorization` header: well formed, scoped to the
 * service of the operation, from a known access key (with its session token, if it has one), and
 * signed with that key's secret.
 *
 * @throws {Fault} the error AWS answers for each of these failures
 */
async function authenticate(
  request: Request,
  body: string,
  target: string,
  credentials: readonly AwsCredential[],
): Promise<void> {
  const service = SERVICES[target];
  if (request.method !== "POST" || service === undefined) {
    throw new Fault(400, "UnknownOperationException");
  }
  const authorization = request.headers.get("authorization");
  if (!authorization) {
    throw new Fault(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  const match = AUTHORIZATION.exec(authorization);
  const amzDate = request.headers.get("x-amz-date") ?? "";
  if (!match || !AMZ_DATE.test(amzDate) || !amzDate.startsWith(match[2])) {
    throw new Fault(
      400,
      "IncompleteSignatureException",
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters and a matching X-Amz-Date header. Authorization=${
        authorization.split(",")[0]
      }`,
    );
  }
  const [, accessKeyId, date, region, scopeService, signedHeaders, signature] = match;
  if (scopeService !== service) {
    throw new Fault(
      400,
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${service}'.`,
    );
  }
  const credential = credentials.find((c) => c.accessKeyId === accessKeyId);
  const token = request.headers.get("x-amz-security-token") ?? undefined;
  if (!credential || credential.sessionToken !== token) {
    throw new Fault(
      400,
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) {
    throw new Fault(
      400,
      "IncompleteSignatureException",
      "'Host' and 'X-Amz-Date' must be signed headers.",
    );
  }
  const url = new URL(request.url);
  const canonical = [
    "POST",
    url.pathname,
    url.search.slice(1),
    ...names.map((name) =>
      `${name}:${(request.headers.get(name) ?? "").trim().replace(/\s+/g, " ")}`
    ),
    "",
    signedHeaders,
    await sha256Hex(body),
  ].join("\n");
  const credentialScope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, credentialScope, await sha256Hex(canonical)]
    .join("\n");
  let key = await hmac(new TextEncoder().encode(`AWS4${credential.secretAccessKey}`), date);
  for (const part of [region, service, "aws4_request"]) key = await hmac(key, part);
  if (hex(await hmac(key, stringToSign)) !== signature) {
    // AWS's own answer quotes the canonical request, signed headers (a session token!) included.
    throw new Fault(
      400,
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your " +
        "AWS Secret Access Key and signing method. Consult the service documentation for details." +
        `\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
        `The String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
}

/** `AmazonSSM.GetParameter`. */
function getParameter(
  body: Record<string, unknown>,
  region: string,
  options: AwsServerOptions,
): Record<string, unknown> {
  const name = String(body.Name ?? "");
  const arn = `arn:aws:ssm:${region}:${ACCOUNT_ID}:parameter/${name.replace(/^\//, "")}`;
  if (options.denied?.includes(name)) throw accessDenied("ssm:GetParameter", arn);
  const fixture = options.parameters?.[name];
  if (fixture === undefined) throw new Fault(400, "ParameterNotFound");
  const { value, type = "SecureString" } = typeof fixture === "string"
    ? { value: fixture }
    : fixture;
  const decrypted = type !== "SecureString" || body.WithDecryption === true;
  return {
    Parameter: {
      ARN: arn,
      DataType: "text",
      LastModifiedDate: 1_700_000_000,
      Name: name,
      Type: type,
      Value: decrypted ? value : `AQICAHh${btoa(name).replace(/=/g, "")}encrypted==`,
      Version: 1,
    },
  };
}

/** `secretsmanager.GetSecretValue`: a secret by name or ARN, at a version id or staging label. */
function getSecretValue(
  body: Record<string, unknown>,
  region: string,
  options: AwsServerOptions,
): Record<string, unknown> {
  const id = String(body.SecretId ?? "");
  const arnOf = (name: string) =>
    `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${name}-Gr4fT1`;
  const name =
    Object.keys(options.secrets ?? {}).find((n) =>
      n === id || arnOf(n) === id || arnOf(n).slice(0, -7) === id
    ) ?? id;
  if (options.denied?.includes(name)) {
    throw accessDenied("secretsmanager:GetSecretValue", arnOf(name));
  }
  const fixture = options.secrets?.[name];
  if (fixture === undefined) {
    throw new Fault(
      400,
      "ResourceNotFoundException",
      "Secrets Manager can't find the specified secret.",
    );
  }
  const versions: readonly SecretVersionFixture[] = typeof fixture === "string" ||
      fixture instanceof Uint8Array
    ? [{ id: "a1b2c3d4-0000-4000-8000-000000000001", value: fixture }]
    : fixture;
  const stagesOf = (v: SecretVersionFixture, i: number) =>
    v.stages ?? (i === 0 ? ["AWSCURRENT"] : []);
  const versionId = body.VersionId === undefined ? undefined : String(body.VersionId);
  const stage = body.VersionStage === undefined
    ? (versionId === undefined ? "AWSCURRENT" : undefined)
    : String(body.VersionStage);
  const index = versions.findIndex((v, i) =>
    (versionId === undefined || v.id === versionId) &&
    (stage === undefined || stagesOf(v, i).includes(stage))
  );
  if (index < 0) {
    const what = versionId === undefined ? `staging label: ${stage}` : `VersionId: ${versionId}`;
    throw new Fault(
      400,
      "ResourceNotFoundException",
      `Secrets Manager can't find the specified secret value for ${what}`,
    );
  }
  const version = versions[index];
  return {
    ARN: arnOf(name),
    CreatedDate: 1_700_000_000,
    Name: name,
    VersionId: version.id,
    VersionStages: stagesOf(version, index),
    ...(typeof version.value === "string"
      ? { SecretString: version.value }
      : { SecretBinary: btoa(String.fromCharCode(...version.value)) }),
  };
}

function accessDenied(action: string, arn: string): Fault {
  return new Fault(
    400,
    "AccessDeniedException",
    `User: arn:aws:iam::${ACCOUNT_ID}:user/graft-test is not authorized to perform: ${action} ` +
      `on resource: ${arn} because no identity-based policy allows the ${action} action`,
  );
}

async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

async function hmac(
  key: Uint8Array<ArrayBuffer> | ArrayBuffer,
  text: string,
): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey(
    "raw",
    key,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return await crypto.subtle.sign("HMAC", imported, new TextEncoder().encode(text));
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}
