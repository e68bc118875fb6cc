import type { RetryPolicy } from "./retry-policy.js";

/** Tuning of the delivery loop. */
export interface DelivererOptions {
  policy: RetryPolicy;
  /** How often the queue is polled for due deliveries (other instances may have queued some). */
  pollIntervalMs: number;
  /** POSTs in flight at once to one callback URI, per instance. */
  concurrency: number;
  /** Most events sent in one POST. */
  maxBatchEvents: number;
  /** Injected for tests: POSTs through this fetch instead of node:http with keep-alive agents. */
  fetch?: typeof fetch;
  /** Injected for tests; defaults to Date.now. */
  clock?: () => number;
}

/** What a flush at shutdown achieved. */
export interface FlushResult {
  delivered: number;
  /**
   * Deliveries still waiting when the flush ended (lost if the store is in memory, left for other
   * instances in Redis); null when the store could not be asked.
   */
  remaining: number | null;
}

/** Counters since start. */
export interface DeliveryStats {
  /** Deliveries (transfers' events) a receiver accepted. */
  delivered: number;
  /** POSTs that failed. */
  failedAttempts: number;
  abandoned: number;
  /** POSTs in flight. */
  inFlight: number;
}
