import assert from "node:assert/strict";
import { Expression, GraftError, GraftErrors, type Value, type YamlMap } from "../core/mod.ts";
import { evaluateDocument } from "../eval/mod.ts";
import { fetchText } from "./load.ts";
import { OPERATORS } from "./registry.ts";

/** Serves `handler` on a free loopback port for the duration of `body`. */
async function withServer(
  handler: (request: Request) => Response | Promise<Response>,
  body: (base: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  try {
    await body(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** Evaluates a one-key document `{ value: expression }` and returns the value. */
async function evaluate(expression: string): Promise<Value> {
  const root: YamlMap = new Map([["value", new Expression(expression)]]);
  await evaluateDocument(root, { registry: OPERATORS, settings: { env: () => undefined } });
  return root.get("value")!;
}

/** The messages of the errors an evaluation fails with. */
async function failures(expression: string): Promise<string[]> {
  const error = await evaluate(expression).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof GraftErrors, `expected a failure, got ${error}`);
  return error.errors.map((e) => e.message);
}

const routes: Record<string, string> = {
  "/map.yml": "service:\n  port: 8080\nraw: (( grab a.b ))\n",
  "/list.json": '["one", 2]',
  "/scalar.yml": "just text\n",
};

function serveRoutes(request: Request): Response {
  const body = routes[new URL(request.url).pathname];
  return body === undefined
    ? new Response("no such document", { status: 404 })
    : new Response(body, { status: 200 });
}

Deno.test("load reads a YAML map over HTTP, leaving (( )) text unevaluated", async () => {
  await withServer(serveRoutes, async (base) => {
    const value = await evaluate(`(( load "${base}/map.yml" ))`);
    assert.deepEqual(
      value,
      new Map<string, Value>([["service", new Map([["port", 8080]])], ["raw", "(( grab a.b ))"]]),
    );
  });
});

Deno.test("load reads a JSON list over HTTP", async () => {
  await withServer(serveRoutes, async (base) => {
    assert.deepEqual(await evaluate(`(( load "${base}/list.json" ))`), ["one", 2]);
  });
});

Deno.test("load over HTTP fails on a status other than 200, with the body", async () => {
  await withServer(serveRoutes, async (base) => {
    assert.deepEqual(await failures(`(( load "${base}/absent.yml" ))`), [
      `failed to retrieve data from location ${base}/absent.yml: no such document`,
    ]);
  });
});

Deno.test("load over HTTP rejects a scalar root", async () => {
  await withServer(serveRoutes, async (base) => {
    assert.deepEqual(await failures(`(( load "${base}/scalar.yml" ))`), [
      "unsupported root type in loaded content, only map or list roots are supported",
    ]);
  });
});

Deno.test("fetchText() gives up when the response does not come in time", async () => {
  const slow = async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return new Response("late");
  };
  await withServer(slow, async (base) => {
    await assert.rejects(
      fetchText(`${base}/slow`, 50),
      new GraftError("eval", `Get "${base}/slow": no complete response within 0.05 seconds`),
    );
  });
});

Deno.test("fetchText() reports a refused connection in Go's Get form", async () => {
  let url = "";
  await withServer(serveRoutes, (base) => {
    url = `${base}/map.yml`;
    return Promise.resolve();
  });
  const error = await fetchText(url).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof GraftError);
  assert.ok(error.message.startsWith(`Get "${url}": `), error.message);
});

Deno.test("fetchText() refuses schemes other than http and https", async () => {
  await assert.rejects(
    fetchText("FTP://example.com/a.yml"),
    new GraftError("eval", 'Get "FTP://example.com/a.yml": unsupported protocol scheme "ftp"'),
  );
});
