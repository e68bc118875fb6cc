import { hash } from "node:crypto";

const BLOCK = 64;

/**
 * HMAC-SHA256 (RFC 2104) under one key: the key's inner and outer pads are computed once, and each
 * MAC is two one-shot `hash` calls over buffers kept for the purpose. node's `createHmac` builds a
 * Hmac object, a stream and a KeyObject on every call: 3.2 µs a MAC against 0.9 µs here, about 5 % of
 * a signed request's CPU (pnpm profile:server). (`hash` is asked for latin1 or base64, not a Buffer:
 * node's "buffer" output takes a slower path, 1.5 µs against 0.35.)
 */
export class HmacSha256 {
  /** The inner pad, then room for the message. */
  #inner: Buffer;
  /** The outer pad, then the inner digest. */
  readonly #outer = Buffer.alloc(BLOCK + 32);
  /**
   * Where a signature to check is decoded: `Buffer.from(signature, "base64")` makes a Buffer (a typed
   * array from the pool) per request, 0.8 µs under load timed in place; decoding here allocates nothing.
   */
  readonly #given = Buffer.alloc(32);

  constructor(key: Uint8Array) {
    const block = Buffer.alloc(BLOCK);
    block.set(key.length > BLOCK ? Buffer.from(hash("sha256", key, "binary"), "binary") : key);
    this.#inner = Buffer.alloc(BLOCK + 1024);
    for (let i = 0; i < BLOCK; i++) {
      this.#inner[i] = block[i]! ^ 0x36;
      this.#outer[i] = block[i]! ^ 0x5c;
    }
  }

  /** The MAC of `message` (UTF-8 encoded), its 32 bytes as a latin1 string. */
  mac(message: string): string {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (BLOCK + message.length * 3 > this.#inner.length) {
      const grown = Buffer.alloc(BLOCK + message.length * 3);
      this.#inner.copy(grown, 0, 0, BLOCK);
      this.#inner = grown;
    }
    const length = this.#inner.write(message, BLOCK, "utf8");
    const innerDigest = hash("sha256", this.#inner.subarray(0, BLOCK + length), "binary");
    this.#outer.write(innerDigest, BLOCK, "binary");
    return hash("sha256", this.#outer, "binary");
  }

  /** Whether `signature` (base64, any spelling) is the MAC of `message`; compared in constant time. */
  verify(message: string, signature: string): boolean {
    if (Buffer.byteLength(signature, "base64") !== this.#given.length) return false;
    this.#given.write(signature, 0, "base64");
    return macEquals(this.#given, this.mac(message));
  }
}

/** Whether `bytes` are the 32 bytes of `mac` (a latin1 string), compared in constant time. */
export function macEquals(bytes: Uint8Array, mac: string): boolean {
  if (bytes.length !== mac.length) return false;
  let difference = 0;
  for (let i = 0; i < bytes.length; i++) difference |= bytes[i]! ^ mac.charCodeAt(i);
  return difference === 0;
}
