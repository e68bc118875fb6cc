/// <reference types="node" />
// HMAC-SHA256 and SHA-256 on node:crypto, under the `node` condition (package.json `imports`,
// `#platform-crypto`): synchronous, where Web Crypto's digest and sign each hop to the thread
// pool and back, which is most of what signing costs per call on Node.
import { hash } from "node:crypto";

/** `base64(SHA-256(bytes))`, one-shot (`crypto.hash`, Node 20.12+: no Hash stream object per call). */
export function sha256Base64(bytes: Uint8Array): string {
  return hash("sha256", bytes, "base64");
}

const BLOCK = 64;

/**
 * A signer for one key: `text` → `base64(HMAC-SHA256(key, UTF-8 text))` (RFC 2104), with the key's
 * pads computed once and two one-shot hashes per signature: `createHmac` builds a Hmac object and a
 * stream on every call (3 µs, against under 1 µs here, a third of what signing adds per call in
 * `pnpm bench client`). The inner hash is asked for a binary string, not a Buffer: node's Buffer
 * output takes a slower path.
 */
export function hmacSha256Signer(key: Uint8Array<ArrayBuffer>): (text: string) => string {
  const padded = Buffer.alloc(BLOCK);
  padded.set(key.length > BLOCK ? Buffer.from(hash("sha256", key, "binary"), "binary") : key);
  let inner = Buffer.alloc(BLOCK + 1024);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = padded[i]! ^ 0x36;
    outer[i] = padded[i]! ^ 0x5c;
  }
  return (text) => {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (BLOCK + text.length * 3 > inner.length) {
      const grown = Buffer.alloc(BLOCK + text.length * 3);
      inner.copy(grown, 0, 0, BLOCK);
      inner = grown;
    }
    const length = inner.write(text, BLOCK, "utf8");
    outer.write(hash("sha256", inner.subarray(0, BLOCK + length), "binary"), BLOCK, "binary");
    return hash("sha256", outer, "base64");
  };
}
