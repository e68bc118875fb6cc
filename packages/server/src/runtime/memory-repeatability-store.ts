import type { ClaimResult, StoredResponse, SyncRepeatabilityStore } from "./repeatability-store.js";

interface Entry {
  fingerprint: string;
  token: string;
  expiresAt: number;
  response: StoredResponse | undefined;
}

export interface MemoryRepeatabilityStoreOptions {
  /** At most this many records are kept. Default 10 000. */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * A bounded in-process RepeatabilityStore with TTL. Claims are atomic because each one runs
 * synchronously on the event loop.
 *
 * Records live in two generations: new and completed records go into the current one; when it
 * holds half of maxEntries, it becomes the previous generation and the old previous one is dropped
 * whole (running claims in it are carried over, each bounded by its lease). Every operation is
 * O(1) however full the store is, and it never holds more than maxEntries records (plus the
 * running claims carried over). A dropped record means a late retry runs again: size maxEntries
 * for the requests expected within the TTL. For several processes use a shared store (Redis).
 *
 * Every operation also has a synchronous form (`claimSync`, ...), which the request pipeline uses so
 * that a repeatable request costs no extra promise turns; the async methods answer the same.
 */
export class MemoryRepeatabilityStore implements SyncRepeatabilityStore {
  #current = new Map<string, Entry>();
  #previous = new Map<string, Entry>();
  readonly #generationSize: number;
  readonly #now: () => number;

  constructor(options: MemoryRepeatabilityStoreOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 2) throw new RangeError("maxEntries must be an integer of at least 2");
    this.#generationSize = Math.floor(max / 2);
    this.#now = options.now ?? Date.now;
  }

  /** How many records are held (expired ones included until their generation is dropped). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  #get(key: string): Entry | undefined {
    return this.#current.get(key) ?? this.#previous.get(key);
  }

  #delete(key: string): void {
    if (!this.#current.delete(key)) this.#previous.delete(key);
  }

  #put(key: string, entry: Entry): void {
    this.#previous.delete(key);
    this.#current.set(key, entry);
    if (this.#current.size < this.#generationSize) return;
    const now = this.#now();
    const carried = new Map<string, Entry>();
    for (const [k, e] of this.#previous) if (!e.response && e.expiresAt > now && !this.#current.has(k)) carried.set(k, e);
    this.#previous = this.#current;
    this.#current = carried;
  }

  /** Tokens only need to be unique within this store (they never leave it but to come back): a counter. */
  #tokenCount = 0;

  claimSync(key: string, fingerprint: string, leaseMs: number): ClaimResult {
    const now = this.#now();
    const entry = this.#get(key);
    if (entry && entry.expiresAt > now) {
      if (entry.fingerprint !== fingerprint) return { kind: "mismatch" };
      return entry.response ? { kind: "done", response: entry.response } : { kind: "in-flight" };
    }
    const token = String(++this.#tokenCount);
    this.#put(key, { fingerprint, token, expiresAt: now + leaseMs, response: undefined });
    return { kind: "new", token };
  }

  completeSync(key: string, token: string, response: StoredResponse, ttlMs: number): void {
    const entry = this.#get(key);
    if (!entry || entry.token !== token || entry.response) return;
    // Updated in place (no new record): it moves to the current generation only when it is not there.
    entry.response = response;
    entry.expiresAt = this.#now() + ttlMs;
    if (!this.#current.has(key)) this.#put(key, entry);
  }

  releaseSync(key: string, token: string): void {
    const entry = this.#get(key);
    if (entry && entry.token === token && !entry.response) this.#delete(key);
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    return this.claimSync(key, fingerprint, leaseMs);
  }

  async complete(key: string, token: string, response: StoredResponse, ttlMs: number): Promise<void> {
    this.completeSync(key, token, response, ttlMs);
  }

  async release(key: string, token: string): Promise<void> {
    this.releaseSync(key, token);
  }

  async close(): Promise<void> {
    this.#current.clear();
    this.#previous.clear();
  }
}
