/**
 * The Fastify baseline's repeatable requests: what a Fastify user would write over a Map, doing the
 * work ours does (claim by Repeatability-Request-ID, replay the stored response, 409 on another
 * request with the same id or while the original runs, a TTL and a count bound), so the bench
 * compares like with like.
 */

export interface ReplayedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ReplayClaim =
  | { kind: "new" }
  | { kind: "replay"; response: ReplayedResponse }
  | { kind: "conflict" }
  | { kind: "in-progress" };

interface Entry {
  fingerprint: string;
  expiresAt: number;
  response: ReplayedResponse | undefined;
}

export class ReplayStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  claim(id: string, fingerprint: string, now: number): ReplayClaim {
    const entry = this.#entries.get(id);
    if (entry !== undefined && entry.expiresAt > now) {
      if (entry.fingerprint !== fingerprint) return { kind: "conflict" };
      return entry.response ? { kind: "replay", response: entry.response } : { kind: "in-progress" };
    }
    if (entry !== undefined) this.#entries.delete(id);
    // Oldest first: drop what expired and, past the bound, the oldest.
    for (const [key, old] of this.#entries) {
      if (old.expiresAt > now && this.#entries.size < this.maxEntries) break;
      this.#entries.delete(key);
    }
    this.#entries.set(id, { fingerprint, expiresAt: now + this.ttlMs, response: undefined });
    return { kind: "new" };
  }

  complete(id: string, response: ReplayedResponse): void {
    const entry = this.#entries.get(id);
    if (entry) entry.response = response;
  }

  release(id: string): void {
    this.#entries.delete(id);
  }
}
