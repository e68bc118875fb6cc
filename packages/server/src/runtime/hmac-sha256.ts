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

  /** Scratch space for `ipad ‖ message`, grown as needed: signing is synchronous, so one buffer serves every call. */
  #inner: Buffer = Buffer.alloc(0);
  /** Scratch space for `opad ‖ inner digest`. */
  #outer: Buffer = Buffer.alloc(0);

  /** The 32-byte MAC of a UTF-8 message. */
  sign(message: string): Buffer {
    const length = BLOCK + Buffer.byteLength(message, "utf8");
    if (this.#inner.length < length) {
      this.#inner = Buffer.alloc(Math.max(length, 512));
      this.#innerPad.copy(this.#inner, 0);
      this.#outer = Buffer.alloc(BLOCK + 32);
      this.#outerPad.copy(this.#outer, 0);
    }
    const inner = this.#inner;
    inner.write(message, BLOCK, "utf8");
    hash("sha256", inner.subarray(0, length), "buffer").copy(this.#outer, BLOCK);
    return hash("sha256", this.#outer, "buffer");
  }
}
