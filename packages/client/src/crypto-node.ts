/// <reference types="node" />
// HMAC-SHA256 and SHA-256 on node:crypto, under the `node` condition (package.json `imports`,
// `#platform-crypto`): synchronous, where Web Crypto's digest and sign each hop to the thread
// pool and back, which is most of what signing costs per call on Node.
import { createHmac, createSecretKey, hash } from "node:crypto";

/** `base64(SHA-256(bytes))`, one-shot (`crypto.hash`, Node 20.12+: no Hash stream object per call). */
export function sha256Base64(bytes: Uint8Array): string {
  return hash("sha256", bytes, "base64");
}

/** A signer for one key: `text` → `base64(HMAC-SHA256(key, UTF-8 text))`. */
export function hmacSha256Signer(key: Uint8Array<ArrayBuffer>): (text: string) => string {
  const secret = createSecretKey(key);
  return (text) => createHmac("sha256", secret).update(text, "utf8").digest("base64");
}
