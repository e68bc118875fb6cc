// HMAC-SHA256 and SHA-256 on Web Crypto: what browsers, Deno, Bun and workers get (package.json
// `imports`, `#platform-crypto`, default condition). Both are asynchronous there.
import { bytesToBase64, utf8 } from "./base64.js";

/** `base64(SHA-256(bytes))`. */
export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  return bytesToBase64(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/** A signer for one key: `text` → `base64(HMAC-SHA256(key, UTF-8 text))`. The key is imported once. */
export function hmacSha256Signer(key: Uint8Array<ArrayBuffer>): (text: string) => Promise<string> {
  const imported = crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return async (text) => bytesToBase64(await crypto.subtle.sign("HMAC", await imported, utf8.encode(text)));
}
