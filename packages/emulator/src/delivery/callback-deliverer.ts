import { randomUUID } from "node:crypto";
import { retryAfterMs } from "@transfer-call/client";
import type { Logger } from "@transfer-call/server";
import type { TransferEvent } from "../spec-types.js";
import type { DeliveryQueue, PendingDelivery } from "../stores/types.js";
import { isPermanentFailure, nextBackoffMs, type RetryPolicy } from "./retry-policy.js";

/** Tuning of the delivery loop. */
export interface DelivererOptions {
  policy: RetryPolicy;
  /** How often the queue is polled for due deliveries (other instances may have queued some). */
  pollIntervalMs: number;
  /** Attempts in flight at once, per instance. */
  concurrency: number;
  /** Injected for tests; defaults to the global fetch. */
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
  delivered: number;
  failedAttempts: number;
  abandoned: number;
  inFlight: number;
}

type AttemptOutcome = "delivered" | "retry" | "abandoned";

/**
 * Delivers callback events from a `DeliveryQueue`: POSTs each batch as a JSON array of CloudEvents,
 * retries with backoff on refused connections, timeouts, 5xx and other non-2xx answers, and logs
 * every attempt. Attempts run concurrently and never block the API.
 */
export class CallbackDeliverer {
  readonly #queue: DeliveryQueue;
  readonly #options: DelivererOptions;
  readonly #logger: Logger;
  readonly #fetch: typeof fetch;
  readonly #clock: () => number;
  readonly #inFlight = new Set<Promise<AttemptOutcome>>();
  readonly #stats = { delivered: 0, failedAttempts: 0, abandoned: 0 };
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #ticking = false;
  #storeFailing = false;

  constructor(queue: DeliveryQueue, options: DelivererOptions, logger: Logger) {
    this.#queue = queue;
    this.#options = options;
    this.#logger = logger;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#clock = options.clock ?? Date.now;
  }

  get stats(): DeliveryStats {
    return { ...this.#stats, inFlight: this.#inFlight.size };
  }

  /** Starts polling the queue. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Queues events for `url`, first due at `dueAt` (epoch ms). */
  async enqueue(
    url: string,
    callConnectionId: string,
    events: TransferEvent[],
    dueAt: number,
  ): Promise<PendingDelivery> {
    const delivery: PendingDelivery = {
      id: randomUUID(),
      url,
      callConnectionId,
      events,
      attempts: 0,
      firstDueAt: dueAt,
      dueAt,
    };
    await this.#queue.enqueue(delivery);
    this.#logger.debug?.("callback queued", {
      deliveryId: delivery.id,
      url,
      callConnectionId,
      dueAt: new Date(dueAt).toISOString(),
    });
    if (this.#running) this.#schedule(Math.max(dueAt - this.#clock(), 0));
    return delivery;
  }

  /**
   * Stops polling and waits for attempts in flight. With `drainWaiting` (an in-memory store, which
   * dies with the process), it then delivers every waiting delivery now, not-yet-due ones included,
   * retrying with backoff until `timeoutMs` has passed. Anything left is logged with its events.
   */
  async flush({ drainWaiting, timeoutMs }: { drainWaiting: boolean; timeoutMs: number }): Promise<FlushResult> {
    this.#running = false;
    clearTimeout(this.#timer);
    const before = this.#stats.delivered;
    await Promise.allSettled(this.#inFlight);
    const deadline = this.#clock() + timeoutMs;
    while (drainWaiting && this.#clock() < deadline) {
      const now = this.#clock();
      const batch = await this.#queue.claim({
        now,
        dueBefore: Number.POSITIVE_INFINITY,
        limit: this.#options.concurrency,
        leaseUntil: deadline,
      });
      if (batch.length === 0) break;
      const ready = batch.filter((d) => d.attempts === 0 || d.dueAt <= now);
      await Promise.all(batch.filter((d) => !ready.includes(d)).map((d) => this.#queue.reschedule(d)));
      await Promise.allSettled(ready.map((d) => this.#attempt(d, deadline - this.#clock())));
      if (ready.length === 0) {
        const next = Math.min(...batch.map((d) => d.dueAt));
        await sleep(Math.max(Math.min(next, deadline) - this.#clock(), 1));
      }
    }
    let remaining: number | null = null;
    try {
      remaining = drainWaiting ? await this.#reportLeftovers() : await this.#queue.size();
    } catch (error) {
      this.#logger.error("could not count the deliveries left at shutdown: the store is unreachable", { error });
    }
    return { delivered: this.#stats.delivered - before, remaining };
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    const delay = Math.min(delayMs, this.#options.pollIntervalMs);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delay);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (!this.#running || this.#ticking) return;
    this.#ticking = true;
    try {
      const free = this.#options.concurrency - this.#inFlight.size;
      if (free > 0) {
        const now = this.#clock();
        const leaseUntil = now + this.#options.policy.attemptTimeoutMs + this.#options.pollIntervalMs * 4 + 5_000;
        const batch = await this.#queue.claim({ now, dueBefore: now, limit: free, leaseUntil });
        if (this.#storeFailing) this.#logger.info("delivery queue reachable again");
        this.#storeFailing = false;
        for (const delivery of batch) this.#track(this.#attempt(delivery, this.#options.policy.attemptTimeoutMs));
      }
    } catch (error) {
      if (!this.#storeFailing)
        this.#logger.error("delivery queue unavailable; deliveries wait in the store", { error });
      this.#storeFailing = true;
    } finally {
      this.#ticking = false;
      this.#schedule(this.#options.pollIntervalMs);
    }
  }

  #track(attempt: Promise<AttemptOutcome>): void {
    this.#inFlight.add(attempt);
    void attempt.finally(() => {
      this.#inFlight.delete(attempt);
      this.#schedule(0);
    });
  }

  async #attempt(delivery: PendingDelivery, timeoutMs: number): Promise<AttemptOutcome> {
    const attempt = delivery.attempts + 1;
    const fields = { deliveryId: delivery.id, url: delivery.url, callConnectionId: delivery.callConnectionId, attempt };
    let status: number | undefined;
    let requestedWaitMs: number | undefined;
    let failure: string;
    try {
      const response = await this.#fetch(delivery.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "transfer-call-emulator" },
        body: JSON.stringify(delivery.events),
        redirect: "manual",
        signal: AbortSignal.timeout(Math.max(Math.min(timeoutMs, this.#options.policy.attemptTimeoutMs), 1)),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (status >= 200 && status < 300) {
        this.#stats.delivered += 1;
        this.#logger.info("callback delivered", { ...fields, status, events: delivery.events.map((e) => e.type) });
        await this.#settle(() => this.#queue.complete(delivery.id), fields);
        return "delivered";
      }
      requestedWaitMs = retryAfterMs(response.headers, this.#clock());
      failure = `receiver answered ${status}`;
    } catch (error) {
      failure = describeFetchError(error);
    }
    this.#stats.failedAttempts += 1;
    const now = this.#clock();
    const backoff = nextBackoffMs(this.#options.policy, attempt, requestedWaitMs);
    const giveUp =
      (status !== undefined && isPermanentFailure(status)) ||
      now + backoff > delivery.firstDueAt + this.#options.policy.retryWindowMs;
    if (giveUp) {
      this.#stats.abandoned += 1;
      this.#logger.error("callback delivery abandoned", {
        ...fields,
        status,
        reason: failure,
        events: delivery.events,
      });
      await this.#settle(() => this.#queue.complete(delivery.id), fields);
      return "abandoned";
    }
    this.#logger.warn("callback attempt failed; will retry", {
      ...fields,
      status,
      reason: failure,
      retryInMs: backoff,
    });
    const next: PendingDelivery = { ...delivery, attempts: attempt, dueAt: now + backoff, lastError: failure };
    await this.#settle(() => this.#queue.reschedule(next), fields);
    return "retry";
  }

  /** A store write after an attempt; if it fails, the lease runs out and the delivery is retried. */
  async #settle(write: () => Promise<void>, fields: Record<string, unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.#logger.error("could not record the delivery outcome; it will be retried when its lease ends", {
        ...fields,
        error,
      });
    }
  }

  async #reportLeftovers(): Promise<number> {
    const left = await this.#queue.claim({
      now: this.#clock(),
      dueBefore: Number.POSITIVE_INFINITY,
      limit: Number.MAX_SAFE_INTEGER,
      leaseUntil: Number.MAX_SAFE_INTEGER,
    });
    for (const delivery of left) {
      this.#logger.error("callback not delivered before shutdown", {
        deliveryId: delivery.id,
        url: delivery.url,
        attempts: delivery.attempts,
        lastError: delivery.lastError,
        events: delivery.events,
      });
    }
    return left.length;
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "receiver did not answer in time";
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
