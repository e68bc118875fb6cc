import { hmacSha256Signer, sha256Base64 } from "#platform-crypto";
import { base64ToBytes, isBase64 } from "./base64.js";
import { CallAutomationError } from "./call-automation-error.js";

/** What the signer needs of one attempt. */
export interface SignableRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
}

const EMPTY = new Uint8Array(0);

/** `VERB\npath[?query]\nx-ms-date;host;content-hash`, as ACS defines it. */
export function stringToSign(method: string, url: URL, date: string, hash: string): string {
  return `${method.toUpperCase()}\n${url.pathname}${url.search}\n${date};${url.host};${hash}`;
}

/**
 * Signs requests with an ACS access key (HMAC-SHA256 over the verb, path and query, `x-ms-date`,
 * host and content hash). The key's signer is made once per key value, so `AzureKeyCredential.update`
 * takes effect on the next request; the body hash is kept per body (a retry sends the same one).
 * The crypto is the platform's (`#platform-crypto`): node:crypto under Node, synchronous; Web
 * Crypto elsewhere.
 */
export function createHmacSigner(credential: { readonly key: string }): (request: SignableRequest) => Promise<void> {
  let cachedKey: string | undefined;
  let sign: ((text: string) => string | Promise<string>) | undefined;
  let lastBody: Uint8Array | undefined | null = null;
  let lastHash: string | Promise<string> | undefined;

  return async (request) => {
    const key = credential.key;
    if (key !== cachedKey || !sign) {
      if (!isBase64(key))
        throw new CallAutomationError({ code: "InvalidAccessKey", message: "The access key is not base64" });
      cachedKey = key;
      sign = hmacSha256Signer(base64ToBytes(key));
    }
    if (request.body !== lastBody || lastHash === undefined) {
      lastBody = request.body;
      lastHash = sha256Base64(request.body ?? EMPTY);
    }
    const hash = await lastHash;
    const date = new Date().toUTCString();
    const signature = await sign(stringToSign(request.method, request.url, date, hash));
    request.headers.set("x-ms-date", date);
    request.headers.set("x-ms-content-sha256", hash);
    request.headers.set(
      "Authorization",
      `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    );
  };
}
