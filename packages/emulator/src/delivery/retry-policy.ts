/** How callback deliveries are attempted and retried. */
export interface RetryPolicy {
  /** An attempt that has no answer after this long counts as failed. */
  attemptTimeoutMs: number;
  /** Pause before the first retry; doubles with each further attempt. */
  initialBackoffMs: number;
  /** Longest pause between attempts, `Retry-After` included. */
  maxBackoffMs: number;
  /** Give up (and log the delivery as abandoned) this long after it first became due. */
  retryWindowMs: number;
}

/** The defaults: like Event Grid, keep trying for a day, backing off up to a minute. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attemptTimeoutMs: 10_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  retryWindowMs: 24 * 60 * 60 * 1_000,
};

/**
 * Receiver answers that mean "this request will never be accepted": the delivery is given up at
 * once instead of retried. Everything else that is not 2xx (404 and 503 from an app that is still
 * starting, 5xx, 429, timeouts, refused connections) is retried.
 */
const PERMANENT_STATUSES = new Set([400, 410, 413]);

/** Whether a receiver's status ends the delivery without a retry. */
export function isPermanentFailure(status: number): boolean {
  return PERMANENT_STATUSES.has(status);
}

/**
 * The pause before attempt `attempts + 1`: exponential backoff with "equal jitter" (half fixed,
 * half random), or the receiver's `Retry-After` when it sent one; never above `maxBackoffMs`.
 */
export function nextBackoffMs(
  policy: RetryPolicy,
  attempts: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), policy.maxBackoffMs);
  const exponential = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(attempts - 1, 0));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/**
 * What becomes of the deliveries of a failed POST: given up (the receiver said "never", or the
 * next attempt would fall outside the retry window) or retried `backoff` ms from `now`.
 */
export function afterFailedAttempt<D extends { firstDueAt: number; attempts: number; dueAt: number }>(
  batch: readonly D[],
  policy: RetryPolicy,
  attempt: { now: number; backoff: number; status: number | undefined; failure: string },
): { abandoned: D[]; retried: (D & { lastError: string })[] } {
  const { now, backoff, status, failure } = attempt;
  const permanent = status !== undefined && isPermanentFailure(status);
  const gone = (d: D) => permanent || now + backoff > d.firstDueAt + policy.retryWindowMs;
  return {
    abandoned: batch.filter(gone),
    retried: batch
      .filter((d) => !gone(d))
      .map((d) => ({ ...d, attempts: d.attempts + 1, dueAt: now + backoff, lastError: failure })),
  };
}
