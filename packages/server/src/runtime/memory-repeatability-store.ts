import type { ClaimResult, StoredResponse, SyncRepeatabilityStore } from "./repeatability-store.js";

/**
 * One record, kept flat (the response's parts are fields, not a nested object): a store under load
 * holds one per repeatable request for the whole TTL, so every object and byte here is paid for in
 * garbage-collector work on each request.
 */
interface Entry {
  fingerprint: string;
  token: string;
  expiresAt: number;
  /** The response; `headers` is undefined while the request runs. */
  status: number;
  headers: Record<string, string> | undefined;
  body: string;
}

function storedResponse(entry: Entry): StoredResponse {
  return { status: entry.status, headers: entry.headers!, body: entry.body };
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

  /** Adds a record that is in neither generation. */
  #add(key: string, entry: Entry): void {
    this.#current.set(key, entry);
    if (this.#current.size < this.#generationSize) return;
    const now = this.#now();
    const carried = new Map<string, Entry>();
    for (const [k, e] of this.#previous) if (e.headers === undefined && e.expiresAt > now && !this.#current.has(k)) carried.set(k, e);
    this.#previous = this.#current;
    this.#current = carried;
  }

  /** Tokens only need to be unique within this store (they never leave it but to come back): a counter. */
  #tokenCount = 0;

  // Lookups in a store of thousands of records miss the CPU caches: a new request costs three
  // (two gets and a set) to claim and one to complete, no more.
  claimSync(key: string, fingerprint: string, leaseMs: number): ClaimResult {
    const now = this.#now();
    let entry = this.#current.get(key);
    let inPrevious = false;
    if (entry === undefined) {
      entry = this.#previous.get(key);
      inPrevious = entry !== undefined;
    }
    if (entry && entry.expiresAt > now) {
      if (entry.fingerprint !== fingerprint) return { kind: "mismatch" };
      return entry.headers !== undefined ? { kind: "done", response: storedResponse(entry) } : { kind: "in-flight" };
    }
    const token = String(++this.#tokenCount);
    const claimed: Entry = { fingerprint, token, expiresAt: now + leaseMs, status: 0, headers: undefined, body: "" };
    if (entry !== undefined && !inPrevious) {
      this.#current.set(key, claimed);
      return { kind: "new", token };
    }
    if (inPrevious) this.#previous.delete(key);
    this.#add(key, claimed);
    return { kind: "new", token };
  }

  completeSync(key: string, token: string, response: StoredResponse, ttlMs: number): void {
    let entry = this.#current.get(key);
    const inPrevious = entry === undefined;
    if (inPrevious) entry = this.#previous.get(key);
    if (!entry || entry.token !== token || entry.headers !== undefined) return;
    // Updated in place (no new record): it moves to the current generation only when it is not there.
    entry.status = response.status;
    entry.headers = response.headers;
    entry.body = response.body;
    entry.expiresAt = this.#now() + ttlMs;
    if (inPrevious) {
      this.#previous.delete(key);
      this.#add(key, entry);
    }
  }

  releaseSync(key: string, token: string): void {
    const entry = this.#get(key);
    if (entry && entry.token === token && entry.headers === undefined) this.#delete(key);
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
