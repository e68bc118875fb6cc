import type { Authorizer } from "./authentication.js";
import { CallAutomationError } from "./call-automation-error.js";
import {
  backoffDelay,
  isRepeatable,
  isRetryableStatus,
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
  retryAfterMs,
} from "./retry-policy.js";

/** The `fetch` the client sends with: the platform's, or one the caller injects. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** How a client sends every request: its fetch, credential, retries and per-attempt timeout. */
export interface RequestSenderOptions {
  fetch: FetchLike;
  authorize: Authorizer | undefined;
  retry: ResolvedRetryOptions;
  /** Timeout of each attempt; `0` or absent means none. */
  tryTimeoutInMs?: number | undefined;
}

/** One logical request, sent in as many attempts as it takes. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Headers;
  body?: Uint8Array<ArrayBuffer> | undefined;
  signal?: AbortSignal | undefined;
}

/** Per-call overrides. */
export interface SendOptions {
  retryOptions?: RetryOptions | undefined;
  tryTimeoutInMs?: number | undefined;
}

/** Sends one logical request: signs each attempt, retries what may be retried, honours aborts. */
export type RequestSender = (request: OutgoingRequest, options?: SendOptions) => Promise<Response>;

const NEVER = new AbortController().signal;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** One attempt, with its own timeout linked to the caller's signal. */
async function attempt(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<{ response?: Response; failure?: unknown; timedOut?: boolean }> {
  if (!(timeoutMs > 0)) {
    try {
      return { response: await fetchImpl(url, signal === NEVER ? init : { ...init, signal }) };
    } catch (failure) {
      return { failure };
    }
  }
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`The attempt timed out after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  try {
    return { response: await fetchImpl(url, { ...init, signal: controller.signal }) };
  } catch (failure) {
    return { failure, timedOut };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Builds the sender of one client. Each attempt gets a fresh copy of the request's headers, signed anew (a
 * new `x-ms-date` and signature); the repeatability headers are part of the request, so every
 * retry repeats them unchanged. Network errors, per-attempt timeouts and 408/429/500/502/503/504
 * are retried with exponential backoff and jitter, or after the wait the service asks for; a
 * request is retried only when `isRepeatable` (idempotent method, or a `Repeatability-Request-ID`).
 */
export function createRequestSender(options: RequestSenderOptions): RequestSender {
  return async (request, send = {}) => {
    const retry = resolveRetryOptions(options.retry, send.retryOptions);
    const timeoutMs = send.tryTimeoutInMs ?? options.tryTimeoutInMs ?? 0;
    const { method, url, body } = request;
    const signal = request.signal ?? NEVER;
    const repeatable = isRepeatable(method, request.headers);
    const parsedUrl = options.authorize ? new URL(url) : undefined;

    for (let retries = 0; ; retries++) {
      signal.throwIfAborted();
      const headers = new Headers(request.headers);
      if (options.authorize) await options.authorize({ method, url: parsedUrl!, headers, body }, signal);
      const init: RequestInit = { method, headers };
      if (body) init.body = body;
      const { response, failure, timedOut } = await attempt(options.fetch, url, init, signal, timeoutMs);
      if (signal.aborted) {
        await response?.body?.cancel().catch(() => {});
        throw signal.reason;
      }
      if (response && !(repeatable && isRetryableStatus(response.status))) return response;

      const canRetry = repeatable && retries < retry.maxRetries;
      const wait = response
        ? (retryAfterMs(response.headers) ?? backoffDelay(retries, retry))
        : backoffDelay(retries, retry);
      if (!canRetry || wait > retry.maxRetryDelayInMs) {
        if (response) return response;
        const attempts = retries + 1;
        throw new CallAutomationError({
          code: timedOut ? "Timeout" : "NetworkError",
          message: timedOut
            ? `${method} ${url} timed out after ${timeoutMs} ms (${attempts} attempt${attempts > 1 ? "s" : ""})`
            : `${method} ${url} failed: ${(failure as Error)?.message ?? String(failure)} (${attempts} attempt${attempts > 1 ? "s" : ""})`,
          requestId: request.headers.get("repeatability-request-id") ?? undefined,
          cause: failure,
        });
      }
      await response?.body?.cancel().catch(() => {});
      await sleep(wait, signal);
    }
  };
}
