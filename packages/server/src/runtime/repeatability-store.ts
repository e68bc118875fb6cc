/**
 * Where repeatability records live. The interface is async and claim-based so that a shared
 * implementation (Redis: SET NX PX plus a Lua compare-and-set) gives the same guarantees across
 * processes as the in-memory one gives inside one:
 *
 * - `claim` is atomic: of any number of concurrent claims of a free key, exactly one gets `new`.
 * - The winner holds a lease for `leaseMs`; if it neither completes nor releases in that time (the
 *   process died), the key is free again and a retry can run.
 * - `complete` and `release` take the token `claim` handed out, and do nothing when the key is no
 *   longer held under that token (the lease ran out and someone else claimed it): a slow process
 *   can never overwrite a newer claim.
 * - A completed record answers later claims with the stored response while it lives (`ttlMs`), or
 *   `mismatch` when the claim's fingerprint differs: the same id was used for a different request.
 */

/** A response exactly as it was sent, kept to be replayed. */
export interface StoredResponse {
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The serialised body. */
  body: string;
}

/**
 * What a store hands out with a new claim and takes back in `complete` or `release`: opaque to
 * everyone else (the Redis store uses a random string, the memory store the claim object itself).
 */
export type ClaimToken = unknown;

/** What a claim found. */
export type ClaimResult =
  /** The key was free: run the request, then `complete` or `release` with this token. */
  | { kind: "new"; token: ClaimToken }
  /** Another request with this key and fingerprint is running now. */
  | { kind: "in-flight" }
  /** A request with this key and fingerprint finished: replay its response. */
  | { kind: "done"; response: StoredResponse }
  /** The key is held (running or done) by a request with a different fingerprint. */
  | { kind: "mismatch" };

/**
 * A store may answer on the spot (the in-memory one, with no I/O) or through a promise (a shared
 * store over the network); the request handler awaits either.
 */
export interface RepeatabilityStore {
  /** Atomically claims `key` for a request with `fingerprint`, holding it for at most `leaseMs`. */
  claim(key: string, fingerprint: string, leaseMs: number): ClaimResult | Promise<ClaimResult>;
  /** Stores the response of the claimed request for `ttlMs`; a no-op unless `token` still holds the key. */
  complete(key: string, token: ClaimToken, response: StoredResponse, ttlMs: number): void | Promise<void>;
  /** Frees the key (the request failed and may be retried); a no-op unless `token` still holds it. */
  release(key: string, token: ClaimToken): void | Promise<void>;
  /** Releases resources (timers, connections). Optional. */
  close?(): void | Promise<void>;
}
