import { hash, timingSafeEqual } from "node:crypto";

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
    return Buffer.from(this.#macBase64(message), "base64");
  }

  /**
   * Whether `signature` is the MAC of `message` in base64, compared in constant time. A canonical
   * signature (what signers send) is compared as text, which saves decoding it and two buffers; any
   * other spelling of the same bytes is decoded and compared as bytes, as before.
   */
  verifyBase64(message: string, signature: string): boolean {
    const mac = this.#macBase64(message);
    if (mac.length === signature.length) {
      let difference = 0;
      for (let i = 0; i < mac.length; i++) difference |= mac.charCodeAt(i) ^ signature.charCodeAt(i);
      if (difference === 0) return true;
    }
    const given = Buffer.from(signature, "base64");
    return given.length === 32 && timingSafeEqual(given, Buffer.from(mac, "base64"));
  }

  /** The MAC in base64; the inner digest passes to the outer hash as a latin1 string (no buffer made). */
  #macBase64(message: string): string {
    const length = BLOCK + Buffer.byteLength(message, "utf8");
    if (this.#inner.length < length) {
      this.#inner = Buffer.alloc(Math.max(length, 512));
      this.#innerPad.copy(this.#inner, 0);
      this.#outer = Buffer.alloc(BLOCK + 32);
      this.#outerPad.copy(this.#outer, 0);
    }
    const inner = this.#inner;
    inner.write(message, BLOCK, "utf8");
    this.#outer.write(hash("sha256", inner.subarray(0, length), "binary"), BLOCK, "latin1"); // "binary" is latin1
    return hash("sha256", this.#outer, "base64");
  }
}
