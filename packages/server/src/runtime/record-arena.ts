import type { StoredResponse } from "./repeatability-store.js";

/**
 * Completed repeatability records, written one after another into a byte buffer outside the
 * JavaScript heap. A store under load keeps one record per repeatable request for the whole TTL;
 * held as objects and strings, each record (some ten objects, half a kilobyte) outlives the young
 * generation, is copied twice by the scavenger and then marked on every full collection. Here a
 * record is bytes, and the store keeps only its offset (a small integer) beside the key.
 *
 * Layout of one record (little-endian):
 *
 *     expiresAt f64 | status u16 | text length u32 | headers, fingerprint: lengths u32 ×2 | text (UTF-16LE)
 *
 * The text is the headers (as JSON), the fingerprint and the body one after another, written in one
 * call as UTF-16: what is read back is exactly what was written, lone surrogates included, and
 * nothing is checked or transcoded on the way. Records are read only when a request is repeated.
 */

const EXPIRES_AT = 0;
const STATUS = 8;
const TEXT_LENGTH = 10;
const PART_LENGTHS = 14;
const TEXT = 22;

const INITIAL_BYTES = 64 * 1024;

/** One record as read back (its expiry is read on its own, by `expiresAt`). */
export interface ArenaRecord {
  fingerprint: string;
  response: StoredResponse;
}

export class RecordArena {
  #bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  #used = 0;
  // Most responses share one frozen header object (the pipeline's JSON content type): its text is kept.
  // Only a frozen object is remembered, so a caller that reuses and changes its own cannot go stale.
  #lastHeaders: Readonly<Record<string, string>> | undefined;
  #lastHeadersText = "";

  /** Bytes in use. */
  get size(): number {
    return this.#used;
  }

  /** Forgets every record; the buffer is kept for the next ones. */
  reset(): void {
    this.#used = 0;
  }

  /** Appends a record and returns its offset. */
  append(expiresAt: number, fingerprint: string, response: StoredResponse): number {
    const headers =
      response.headers === this.#lastHeaders ? this.#lastHeadersText : this.#headersText(response.headers);
    const text = headers + fingerprint + response.body;
    this.#reserve(TEXT + 2 * text.length);
    const bytes = this.#bytes;
    const start = this.#used;
    bytes.write(text, start + TEXT, "utf16le");
    bytes.writeDoubleLE(expiresAt, start + EXPIRES_AT);
    bytes.writeUInt16LE(response.status, start + STATUS);
    bytes.writeUInt32LE(text.length, start + TEXT_LENGTH);
    bytes.writeUInt32LE(headers.length, start + PART_LENGTHS);
    bytes.writeUInt32LE(fingerprint.length, start + PART_LENGTHS + 4);
    this.#used = start + TEXT + 2 * text.length;
    return start;
  }

  expiresAt(offset: number): number {
    return this.#bytes.readDoubleLE(offset + EXPIRES_AT);
  }

  read(offset: number): ArenaRecord {
    const bytes = this.#bytes;
    const text = bytes.toString("utf16le", offset + TEXT, offset + TEXT + 2 * bytes.readUInt32LE(offset + TEXT_LENGTH));
    const headersEnd = bytes.readUInt32LE(offset + PART_LENGTHS);
    const fingerprintEnd = headersEnd + bytes.readUInt32LE(offset + PART_LENGTHS + 4);
    return {
      fingerprint: text.slice(headersEnd, fingerprintEnd),
      response: {
        status: bytes.readUInt16LE(offset + STATUS),
        headers: JSON.parse(text.slice(0, headersEnd)) as Record<string, string>,
        body: text.slice(fingerprintEnd),
      },
    };
  }

  #headersText(headers: Readonly<Record<string, string>>): string {
    const text = JSON.stringify(headers);
    if (Object.isFrozen(headers)) {
      this.#lastHeaders = headers;
      this.#lastHeadersText = text;
    }
    return text;
  }

  #reserve(bytes: number): void {
    const needed = this.#used + bytes;
    if (needed <= this.#bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#bytes.length * 2));
    this.#bytes.copy(grown, 0, 0, this.#used);
    this.#bytes = grown;
  }
}
