/**
 * `VAULT_SKIP_VERIFY`: an HTTPS GET that does not verify the server's certificate. Deno's `fetch`
 * can skip verification only for the whole process (`--unsafely-ignore-certificate-errors`), not
 * for one client; `node:https` can, so a Vault with `VAULT_SKIP_VERIFY` set is read through it.
 *
 * @module
 */

/** The status and body text of a GET made without verifying the certificate. */
export async function getWithoutVerifying(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const https = await import("node:https");
  return await new Promise((resolve, reject) => {
    const request = https.get(url, { headers, rejectUnauthorized: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => text += chunk);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      response.on("error", reject);
    });
    request.setTimeout(timeoutMs, () => {
      request.destroy(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
    });
    request.on("error", reject);
  });
}
