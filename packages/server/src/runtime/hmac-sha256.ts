import { hash } from "node:crypto";

const BLOCK = 64;

/**
 * HMAC-SHA256 (RFC 2104) for one fixed key, built on the one-shot `crypto.hash`. The key pads are
 * computed once; each signature is two SHA-256 calls. `createHmac` sets the algorithm up again on
 * every call (an OpenSSL 3 provider fetch), which under load costs several times the hashing
 * itself; the result is identical (the tests compare it with createHmac on random keys and messages).
 */
export class HmacSha256 {
  readonly #innerPad: Buffer;
  readonly #outerPad: Buffer;

  constructor(key: Uint8Array) {
    const k = key.length > BLOCK ? hash("sha256", key, "buffer") : key;
    this.#innerPad = Buffer.alloc(BLOCK, 0x36);
    this.#outerPad = Buffer.alloc(BLOCK, 0x5c);
    for (let i = 0; i < k.length; i++) {
      this.#innerPad[i]! ^= k[i]!;
      this.#outerPad[i]! ^= k[i]!;
    }
  }

  /** The 32-byte MAC of a UTF-8 message. */
  sign(message: string): Buffer {
    const inner = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(message, "utf8"));
    this.#innerPad.copy(inner, 0);
    inner.write(message, BLOCK, "utf8");
    const outer = Buffer.allocUnsafe(BLOCK + 32);
    this.#outerPad.copy(outer, 0);
    hash("sha256", inner, "buffer").copy(outer, BLOCK);
    return hash("sha256", outer, "buffer");
  }
}
