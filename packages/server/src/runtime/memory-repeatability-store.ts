import { RecordArena } from "./record-arena.js";
import type { ClaimResult, ClaimToken, StoredResponse, SyncRepeatabilityStore } from "./repeatability-store.js";

/**
 * A running request's hold on its key, and the token its claim hands out. It lives only while the
 * request runs (usually less than a young-generation cycle); the completed record goes to a
 * RecordArena as bytes.
 */
class Claim {
  /** False once completed, released or taken over after its lease ran out. */
  held = true;
  constructor(
    readonly key: string,
    readonly fingerprint: string,
    readonly leaseExpiresAt: number,
    /** The generation whose map holds it. */
    public generation: number,
  ) {}
}

/** A map value: a running claim, or the arena offset of a completed record. */
type Slot = Claim | number;

/** One generation: its records by key, and the bytes of the completed ones. */
interface Generation {
  id: number;
  slots: Map<string, Slot>;
  arena: RecordArena;
  /** How many of its slots are held claims: when none is, dropping it needs no look through it. */
  running: number;
  /**
   * How many keys were added while it was current, the claims carried into it not counted: it turns
   * over after half of maxEntries adds. Counting its slots instead would turn it over on every add
   * once the carried claims alone fill it (more requests running than half of maxEntries), each turn
   * looking through all of them and dropping the newest records with the generation.
   */
  added: number;
}

function generation(id: number, arena = new RecordArena()): Generation {
  return { id, slots: new Map(), arena, running: 0, added: 0 };
}

export interface MemoryRepeatabilityStoreOptions {
  /** At most this many records are kept. Default 10 000. */
  maxEntries?: number;
  /**
   * At most about this many bytes of completed records are kept (a record takes 22 bytes and two per
   * UTF-16 code unit of its headers, fingerprint and body). Default 512 MiB.
   */
  maxBytes?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * A bounded in-process RepeatabilityStore with TTL. Claims are atomic because each one runs
 * synchronously on the event loop.
 *
 * Records live in two generations: new and completed records go into the current one; when half of
 * maxEntries keys were added to it (or its records take half of maxBytes), it becomes the previous
 * generation and the old previous one is dropped whole (running claims in it are carried over, each
 * bounded by its lease). Every operation is O(1) however full the store is (a turnover looks through
 * the running claims it carries, at most once per half of maxEntries adds), and it never holds more than
 * maxEntries records (plus the running claims carried over). A dropped record means a late retry
 * runs again: size maxEntries for the requests expected within the TTL. For several processes use
 * a shared store (Redis).
 *
 * A completed record costs the garbage collector nothing but its key: its parts are bytes in the
 * generation's RecordArena, and the map keeps their offset.
 *
 * Every operation also has a synchronous form (`claimSync`, ...), which the request pipeline uses so
 * that a repeatable request costs no extra promise turns; the async methods answer the same.
 */
export class MemoryRepeatabilityStore implements SyncRepeatabilityStore {
  #current = generation(1);
  #previous = generation(0);
  readonly #generationSize: number;
  readonly #generationBytes: number;
  readonly #now: () => number;

  constructor(options: MemoryRepeatabilityStoreOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 2) throw new RangeError("maxEntries must be an integer of at least 2");
    const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    if (!Number.isInteger(maxBytes) || maxBytes < 2) throw new RangeError("maxBytes must be an integer of at least 2");
    this.#generationSize = Math.floor(max / 2);
    this.#generationBytes = Math.floor(maxBytes / 2);
    this.#now = options.now ?? Date.now;
  }

  /** How many records are held (expired ones included until their generation is dropped). */
  get size(): number {
    return this.#current.slots.size + this.#previous.slots.size;
  }

  /** How many bytes the completed records take. */
  get bytes(): number {
    return this.#current.arena.size + this.#previous.arena.size;
  }

  /** The generation of a held claim (only the two live generations hold claims). */
  #generation(id: number): Generation | undefined {
    return id === this.#current.id ? this.#current : id === this.#previous.id ? this.#previous : undefined;
  }

  /** Adds a slot for a key that is in neither generation. */
  #add(key: string, slot: Slot): void {
    const current = this.#current;
    current.slots.set(key, slot);
    if (++current.added >= this.#generationSize || current.arena.size >= this.#generationBytes) this.#rotate();
  }

  /** The current generation becomes the previous one; the old previous one is dropped, but for its running claims. */
  #rotate(): void {
    const now = this.#now();
    const dropped = this.#previous;
    const next = generation(this.#current.id + 1, dropped.arena);
    if (dropped.running > 0) {
      for (const [key, slot] of dropped.slots) {
        if (typeof slot === "number") continue;
        if (slot.leaseExpiresAt > now && !this.#current.slots.has(key)) {
          slot.generation = next.id;
          next.slots.set(key, slot);
          next.running++;
        } else slot.held = false;
      }
    }
    next.arena.reset();
    this.#previous = this.#current;
    this.#current = next;
  }

  // Lookups in a store of thousands of records miss the CPU caches: a new request costs three
  // (two gets and a set) to claim and one set to complete, no more.
  claimSync(key: string, fingerprint: string, leaseMs: number): ClaimResult {
    const now = this.#now();
    let generation = this.#current;
    let slot = generation.slots.get(key);
    if (slot === undefined) {
      generation = this.#previous;
      slot = generation.slots.get(key);
    }
    if (slot !== undefined) {
      if (typeof slot === "number") {
        if (generation.arena.expiresAt(slot) > now) {
          const record = generation.arena.read(slot);
          return record.fingerprint === fingerprint
            ? { kind: "done", response: record.response }
            : { kind: "mismatch" };
        }
      } else if (slot.leaseExpiresAt > now) {
        return slot.fingerprint === fingerprint ? { kind: "in-flight" } : { kind: "mismatch" };
      } else {
        // The holder's lease ran out (it vanished): the key is taken over.
        slot.held = false;
        generation.running--;
      }
    }
    const claim = new Claim(key, fingerprint, now + leaseMs, this.#current.id);
    this.#current.running++;
    if (slot !== undefined && generation === this.#current) {
      generation.slots.set(key, claim);
    } else {
      if (slot !== undefined) generation.slots.delete(key);
      this.#add(key, claim);
    }
    return { kind: "new", token: claim };
  }

  completeSync(key: string, token: ClaimToken, response: StoredResponse, ttlMs: number): void {
    // A claim is held exactly while its generation's map has it under its key, so no lookup is needed.
    if (!(token instanceof Claim) || !token.held || token.key !== key) return;
    const generation = this.#generation(token.generation)!;
    token.held = false;
    generation.running--;
    const offset = this.#current.arena.append(this.#now() + ttlMs, token.fingerprint, response);
    if (generation === this.#current) {
      generation.slots.set(key, offset);
      if (generation.arena.size >= this.#generationBytes) this.#rotate();
    } else {
      generation.slots.delete(key);
      this.#add(key, offset);
    }
  }

  releaseSync(key: string, token: ClaimToken): void {
    if (!(token instanceof Claim) || !token.held || token.key !== key) return;
    token.held = false;
    const generation = this.#generation(token.generation)!;
    generation.running--;
    generation.slots.delete(key);
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    return this.claimSync(key, fingerprint, leaseMs);
  }

  async complete(key: string, token: ClaimToken, response: StoredResponse, ttlMs: number): Promise<void> {
    this.completeSync(key, token, response, ttlMs);
  }

  async release(key: string, token: ClaimToken): Promise<void> {
    this.releaseSync(key, token);
  }

  async close(): Promise<void> {
    for (const generation of [this.#current, this.#previous]) {
      for (const slot of generation.slots.values()) if (typeof slot !== "number") slot.held = false;
      generation.slots.clear();
      generation.running = 0;
      generation.arena.reset();
    }
  }
}
