/** How failed attempts are retried. Names follow `retryOptions` of the official SDK. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** The first backoff delay, doubled for each later retry. Default 800 ms. */
  retryDelayInMs?: number;
  /**
   * The longest delay between attempts. Default 60 000 ms. When the service asks for a longer
   * wait (`Retry-After`), the client stops retrying and returns that answer.
   */
  maxRetryDelayInMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  maxRetries: 3,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 60_000,
};

/** Statuses worth retrying: timeout, throttling and transient server failures. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Methods that are safe to repeat without a repeatability id. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** A request may be sent again when its method is idempotent or it carries a repeatability id. */
export function isRepeatable(method: string, headers: Headers): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || headers.has("repeatability-request-id");
}

/** Merges options over the defaults, ignoring values that are not finite non-negative numbers. */
export function resolveRetryOptions(
  base: ResolvedRetryOptions,
  options: RetryOptions | undefined,
): ResolvedRetryOptions {
  if (!options) return base;
  const pick = (value: number | undefined, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
  return {
    maxRetries: Math.floor(pick(options.maxRetries, base.maxRetries)),
    retryDelayInMs: pick(options.retryDelayInMs, base.retryDelayInMs),
    maxRetryDelayInMs: pick(options.maxRetryDelayInMs, base.maxRetryDelayInMs),
  };
}

/**
 * Exponential backoff with jitter for retry number `retry` (0 for the first retry): a random delay
 * between half and all of `retryDelayInMs * 2^retry`, capped at `maxRetryDelayInMs`.
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxRetryDelayInMs, options.retryDelayInMs * 2 ** retry);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * The wait an HTTP answer asks for, in milliseconds: `retry-after-ms` or `x-ms-retry-after-ms`,
 * else `Retry-After` as delta-seconds or an HTTP-date. A header that parses as none of these is
 * ignored (`undefined`: the caller falls back to backoff); a date in the past means 0. The one
 * reading of these headers in the repo: the client's retries and the emulator's callback
 * deliveries both use it.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = headers.get(name)?.trim();
    if (value && /^\d+(?:\.\d+)?$/.test(value)) return Number(value);
  }
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form (IMF-fixdate, RFC 850, asctime) has a hh:mm:ss time; asctime has no zone but means GMT.
  if (!/\d\d:\d\d:\d\d/.test(value)) return undefined;
  const at = Date.parse(/GMT$/.test(value) ? value : `${value} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
