import { base64ToBytes, bytesToBase64, isBase64 } from "./base64.js";
import { CallAutomationError } from "./call-automation-error.js";

/** What the signer needs of one attempt. */
export interface SignableRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array | undefined;
}

const encoder = new TextEncoder();

/** `base64(SHA-256(body))`; an absent body hashes as empty. Web Crypto only. */
export async function contentHash(body: Uint8Array | undefined): Promise<string> {
  const bytes = body ?? new Uint8Array(0);
  return bytesToBase64(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/** `VERB\npath[?query]\nx-ms-date;host;content-hash`, as ACS defines it. */
export function stringToSign(method: string, url: URL, date: string, hash: string): string {
  return `${method.toUpperCase()}\n${url.pathname}${url.search}\n${date};${url.host};${hash}`;
}

/**
 * Signs requests with an ACS access key (HMAC-SHA256 over the verb, path and query, `x-ms-date`,
 * host and content hash). The imported key is cached per key value, so `AzureKeyCredential.update`
 * takes effect on the next request; the body hash is cached per body.
 */
export function createHmacSigner(credential: { readonly key: string }): (request: SignableRequest) => Promise<void> {
  let cachedKey: string | undefined;
  let cryptoKey: Promise<CryptoKey> | undefined;
  let lastBody: Uint8Array | undefined | null = null;
  let lastHash: Promise<string> | undefined;

  return async (request) => {
    const key = credential.key;
    if (key !== cachedKey || !cryptoKey) {
      if (!isBase64(key))
        throw new CallAutomationError({ code: "InvalidAccessKey", message: "The access key is not base64" });
      cachedKey = key;
      cryptoKey = crypto.subtle.importKey("raw", base64ToBytes(key), { name: "HMAC", hash: "SHA-256" }, false, [
        "sign",
      ]);
    }
    if (request.body !== lastBody || !lastHash) {
      lastBody = request.body;
      lastHash = contentHash(request.body);
    }
    const hash = await lastHash;
    const date = new Date().toUTCString();
    const toSign = encoder.encode(stringToSign(request.method, request.url, date, hash));
    const signature = bytesToBase64(await crypto.subtle.sign("HMAC", await cryptoKey, toSign));
    request.headers.set("x-ms-date", date);
    request.headers.set("x-ms-content-sha256", hash);
    request.headers.set(
      "Authorization",
      `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    );
  };
}
