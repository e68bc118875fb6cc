import { copyHeaders } from "./http-exchange.js";
import type { ClaimResult, ClaimToken, RepeatabilityStore, StoredResponse } from "./repeatability-store.js";

/** A running request's hold on its key; the object itself is the token its claim hands out. */
interface Claim {
  readonly fingerprint: string;
  readonly leaseExpiresAt: number;
}

/** A completed request: what to replay, and until when. */
interface CompletedRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly response: StoredResponse;
  readonly expiresAt: number;
  /** What the record counts against maxBytes. */
  readonly bytes: number;
  /** The record completed next: the records form a list from the oldest to the newest. */
  newer: CompletedRecord | undefined;
}

export interface MemoryRepeatabilityStoreOptions {
  /** At most this many completed records are kept. Default 10 000. */
  maxEntries?: number;
  /**
   * At most about this many bytes of completed records are kept (a record counts 64 bytes and two
   * per UTF-16 code unit of its headers, fingerprint and body). Default 512 MiB.
   */
  maxBytes?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** What a record counts against maxBytes: its strings as V8 may hold them (two bytes a code unit) and some overhead. */
function recordBytes(fingerprint: string, response: StoredResponse): number {
  let units = fingerprint.length + response.body.length;
  for (const name in response.headers) units += name.length + response.headers[name]!.length;
  return 64 + 2 * units;
}

/**
 * A bounded in-process RepeatabilityStore with TTL; claims are atomic because each one runs
 * synchronously on the event loop, and every method answers on the spot.
 *
 * One map holds each key's running claim or completed record; the completed records also form a
 * list in completion order. At most maxEntries completed records taking at most maxBytes are kept;
 * past either bound the oldest completed records are dropped first, and so are those whose TTL has
 * passed. Running claims are never dropped while their lease lives, and do not count against the
 * bounds (each is bounded by its lease); those whose holder vanished are dropped when the running
 * claims are looked through, each time their number has doubled. Every operation is O(1) amortised.
 * A dropped record means a late retry runs again: size maxEntries for the requests expected within
 * the TTL. For several processes use a shared store (Redis).
 *
 * One map and a list linked through the records, rather than a map each for claims and records and
 * an array queue: simpler, and each request writes one old-space slot pointing at a young object
 * (which the scavenger visits) instead of three (2.8 % fewer instructions, all threads).
 */
export class MemoryRepeatabilityStore implements RepeatabilityStore {
  readonly #entries = new Map<string, Claim | CompletedRecord>();
  #oldest: CompletedRecord | undefined;
  #newest: CompletedRecord | undefined;
  #completed = 0;
  #running = 0;
  #bytes = 0;
  /** The running claims are looked through for vanished holders when they reach this many. */
  #sweepAt = 64;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;

  constructor(options: MemoryRepeatabilityStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 2)
      throw new RangeError("maxEntries must be an integer of at least 2");
    const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    if (!Number.isInteger(maxBytes) || maxBytes < 2) throw new RangeError("maxBytes must be an integer of at least 2");
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#now = options.now ?? Date.now;
  }

  /** How many records are held: running claims and completed records (expired ones until they are dropped). */
  get size(): number {
    return this.#entries.size;
  }

  /** How many bytes the completed records count. */
  get bytes(): number {
    return this.#bytes;
  }

  claim(key: string, fingerprint: string, leaseMs: number): ClaimResult {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (isCompleted(entry)) {
        if (entry.expiresAt > now)
          return entry.fingerprint === fingerprint ? { kind: "done", response: entry.response } : { kind: "mismatch" };
        this.#forget(entry);
      } else if (entry.leaseExpiresAt > now) {
        return entry.fingerprint === fingerprint ? { kind: "in-flight" } : { kind: "mismatch" };
      } else {
        this.#entries.delete(key);
        this.#running--;
      }
    }
    if (this.#running >= this.#sweepAt) this.#dropVanishedClaims(now);
    const claim: Claim = { fingerprint, leaseExpiresAt: now + leaseMs };
    this.#entries.set(key, claim);
    this.#running++;
    return { kind: "new", token: claim };
  }

  complete(key: string, token: ClaimToken, response: StoredResponse, ttlMs: number): void {
    const claim = this.#entries.get(key);
    if (claim === undefined || claim !== token) return;
    this.#running--;
    const now = this.#now();
    // A copy: the caller may reuse and change its header object afterwards.
    const stored = { status: response.status, headers: copyHeaders(response.headers), body: response.body };
    const record: CompletedRecord = {
      key,
      fingerprint: claim.fingerprint,
      response: stored,
      expiresAt: now + ttlMs,
      bytes: recordBytes(claim.fingerprint, stored),
      newer: undefined,
    };
    this.#entries.set(key, record);
    if (this.#newest === undefined) this.#oldest = record;
    else this.#newest.newer = record;
    this.#newest = record;
    this.#completed++;
    this.#bytes += record.bytes;
    this.#dropOldRecords(now);
  }

  release(key: string, token: ClaimToken): void {
    if (this.#entries.get(key) !== token) return;
    this.#entries.delete(key);
    this.#running--;
  }

  close(): void {
    this.#entries.clear();
    this.#oldest = this.#newest = undefined;
    this.#completed = this.#running = this.#bytes = 0;
  }

  /** Drops a completed record from the map; the list lets go of it when it reaches the front. */
  #forget(record: CompletedRecord): void {
    this.#entries.delete(record.key);
    this.#completed--;
    this.#bytes -= record.bytes;
  }

  /** Drops expired records and, past a bound, the oldest ones, from the front of the list. */
  #dropOldRecords(now: number): void {
    let record = this.#oldest;
    while (record !== undefined) {
      // A record dropped on lookup, or replaced since under its key, has left the map already.
      if (this.#entries.get(record.key) === record) {
        const overBounds = this.#completed > this.#maxEntries || this.#bytes > this.#maxBytes;
        if (!overBounds && record.expiresAt > now) break;
        this.#forget(record);
      }
      record = record.newer;
    }
    this.#oldest = record;
    if (record === undefined) this.#newest = undefined;
  }

  /** Drops the claims whose lease ran out (their holder vanished); the next look is due at twice as many. */
  #dropVanishedClaims(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (!isCompleted(entry) && entry.leaseExpiresAt <= now) {
        this.#entries.delete(key);
        this.#running--;
      }
    }
    this.#sweepAt = Math.max(64, 2 * this.#running);
  }
}

function isCompleted(entry: Claim | CompletedRecord): entry is CompletedRecord {
  return "response" in entry;
}
