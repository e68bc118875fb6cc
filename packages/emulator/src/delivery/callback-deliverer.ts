import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@transfer-call/server";
import type { TransferEvent } from "../spec-types.js";
import type { DeliveryQueue, PendingDelivery } from "../stores/types.js";
import { BatchBodies } from "./batch-body.js";
import { type CallbackSender, fetchCallbackSender, httpCallbackSender } from "./callback-sender.js";
import type { DelivererOptions, DeliveryStats, FlushResult } from "./deliverer-options.js";
import { type Destination, DestinationStates } from "./destination-state.js";
import { afterFailedAttempt } from "./retry-policy.js";

/** How many callback URIs one poll looks at. */
const DESTINATIONS_PER_POLL = 1_000;

/**
 * Delivers callback events from a `DeliveryQueue`, one queue per callback URI: the events due for a
 * URI go out together as one JSON array of CloudEvents (as the service posts them), at most
 * `concurrency` POSTs at a time per URI, on kept-alive connections. A failed POST (refused
 * connection, timeout, 5xx, any other non-2xx) holds back that URI alone, with backoff; the next
 * attempt carries everything due for it by then. Attempts never block the API.
 */
export class CallbackDeliverer {
  readonly #queue: DeliveryQueue;
  readonly #options: DelivererOptions;
  readonly #logger: Logger;
  readonly #send: CallbackSender;
  readonly #clock: () => number;
  readonly #destinations = new DestinationStates();
  readonly #bodies = new BatchBodies();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stats = { delivered: 0, failedAttempts: 0, abandoned: 0 };
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #running = false;
  #ticking = false;
  /** The poll running now, if any: a flush waits for it, since it may still start attempts. */
  #tickRun: Promise<void> | undefined;
  #tickAgain = false;
  #storeFailing = false;

  constructor(queue: DeliveryQueue, options: DelivererOptions, logger: Logger) {
    this.#queue = queue;
    this.#options = options;
    this.#logger = logger;
    this.#clock = options.clock ?? Date.now;
    this.#send = options.fetch ? fetchCallbackSender(options.fetch, this.#clock) : httpCallbackSender(this.#clock);
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

  /**
   * Queues events for `url`, first due at `dueAt` (epoch ms). `json`, the events as a JSON array
   * when the caller has it already, saves serialising them again.
   */
  async enqueue(
    url: string,
    callConnectionId: string,
    events: TransferEvent[],
    dueAt: number,
    json = JSON.stringify(events),
  ): Promise<PendingDelivery> {
    const delivery: PendingDelivery = {
      id: randomUUID(),
      url,
      callConnectionId,
      events,
      attempts: 0,
      firstDueAt: dueAt,
      dueAt,
      bytes: Buffer.byteLength(json),
    };
    this.#bodies.remember(delivery, json);
    await this.#queue.enqueue(delivery);
    if (this.#running) this.#schedule(dueAt - this.#clock());
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
    this.#timerAt = Number.POSITIVE_INFINITY;
    const before = this.#stats.delivered;
    const deadline = this.#clock() + timeoutMs;
    await this.#tickRun;
    await Promise.allSettled(this.#inFlight);
    while (drainWaiting && this.#clock() < deadline) {
      const now = this.#clock();
      const urls = await this.#queue.dueDestinations(now, Number.POSITIVE_INFINITY, DESTINATIONS_PER_POLL);
      if (urls.length === 0) break;
      const started = await this.#startAttempts(urls, now, Number.POSITIVE_INFINITY, deadline);
      if (started === 0) {
        const wake = Math.min(this.#destinations.nextRetryAt(urls), deadline);
        await sleep(Math.max(wake - this.#clock(), 1));
      }
      await Promise.allSettled(this.#inFlight);
    }
    let remaining: number | null = null;
    try {
      remaining = drainWaiting ? await this.#reportLeftovers() : await this.#queue.size();
    } catch (error) {
      this.#logger.error("could not count the deliveries left at shutdown: the store is unreachable", { error });
    }
    return { delivered: this.#stats.delivered - before, remaining };
  }

  /** Polls again in `delayMs` (at most the poll interval), unless a poll is due sooner already. */
  #schedule(delayMs: number): void {
    if (!this.#running) return;
    if (this.#ticking) {
      if (delayMs <= 0) this.#tickAgain = true;
      return;
    }
    const at = this.#clock() + Math.max(0, Math.min(delayMs, this.#options.pollIntervalMs));
    if (this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#tickRun = this.#tick();
    }, at - this.#clock());
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (!this.#running || this.#ticking) return;
    this.#ticking = true;
    this.#tickAgain = false;
    try {
      const now = this.#clock();
      const urls = await this.#queue.dueDestinations(now, now, DESTINATIONS_PER_POLL);
      await this.#startAttempts(urls, now, now, now + this.#options.policy.attemptTimeoutMs);
      if (this.#storeFailing) this.#logger.info("delivery queue reachable again");
      this.#storeFailing = false;
    } catch (error) {
      if (!this.#storeFailing)
        this.#logger.error("delivery queue unavailable; deliveries wait in the store", { error });
      this.#storeFailing = true;
    } finally {
      this.#ticking = false;
      this.#schedule(this.#tickAgain ? 0 : this.#options.pollIntervalMs);
    }
  }

  /** Claims and POSTs what is due for each URL that has a free slot and is not backing off. */
  async #startAttempts(urls: readonly string[], now: number, dueBefore: number, deadline: number): Promise<number> {
    const { concurrency, maxBatchEvents, policy, pollIntervalMs } = this.#options;
    const leaseUntil = deadline + pollIntervalMs * 4 + 5_000;
    let started = 0;
    for (const url of urls) {
      const destination = this.#destinations.get(url);
      // A second POST to a URI goes out only while full batches wait: otherwise what comes due
      // meanwhile joins the next POST (fewer, fuller POSTs), and a receiver that falls behind gets
      // up to `concurrency` at once.
      while (destination.inFlight < (destination.backlogged ? concurrency : 1) && destination.retryAt <= now) {
        const batch = await this.#queue.claim({ url, now, dueBefore, limit: maxBatchEvents, leaseUntil });
        destination.backlogged = batch.length === maxBatchEvents;
        if (batch.length === 0) break;
        started += 1;
        this.#track(this.#attempt(destination, batch, Math.min(policy.attemptTimeoutMs, deadline - now)));
      }
    }
    return started;
  }

  #track(attempt: Promise<void>): void {
    this.#inFlight.add(attempt);
    void attempt.finally(() => {
      this.#inFlight.delete(attempt);
      this.#schedule(0);
    });
  }

  async #attempt(destination: Destination, batch: PendingDelivery[], timeoutMs: number): Promise<void> {
    const round = destination.round;
    destination.inFlight += 1;
    const attempt = Math.max(...batch.map((d) => d.attempts)) + 1;
    const fields = {
      url: destination.url,
      attempt,
      ...(batch.length === 1
        ? { deliveryId: batch[0]!.id, callConnectionId: batch[0]!.callConnectionId }
        : { deliveries: batch.length, callConnectionIds: batch.map((d) => d.callConnectionId) }),
    };
    let status: number | undefined;
    let requestedWaitMs: number | undefined;
    let failure: string;
    try {
      const answer = await this.#send(destination.url, this.#bodies.body(batch), Math.max(timeoutMs, 1));
      status = answer.status;
      if (status >= 200 && status < 300) {
        destination.succeeded();
        this.#stats.delivered += batch.length;
        this.#logger.info("callback delivered", { ...fields, status });
        await this.#settle(() => this.#queue.complete(batch.map((d) => d.id)), fields);
        return;
      }
      requestedWaitMs = answer.retryAfterMs;
      failure = `receiver answered ${status}`;
    } catch (error) {
      failure = (error as Error).message;
    } finally {
      destination.inFlight -= 1;
    }
    this.#stats.failedAttempts += 1;
    const now = this.#clock();
    const backoff = destination.failed(round, now, this.#options.policy, requestedWaitMs);
    const { abandoned, retried } = afterFailedAttempt(batch, this.#options.policy, { now, backoff, status, failure });
    const previous = new Map(batch.map((d) => [d.id, d]));
    for (const next of retried) this.#bodies.carry(previous.get(next.id)!, next);
    if (abandoned.length > 0) {
      this.#stats.abandoned += abandoned.length;
      this.#logger.error("callback delivery abandoned", {
        ...fields,
        status,
        reason: failure,
        events: abandoned.flatMap((d) => d.events),
      });
      await this.#settle(() => this.#queue.complete(abandoned.map((d) => d.id)), fields);
    }
    if (retried.length > 0) {
      this.#logger.warn("callback attempt failed; will retry", {
        ...fields,
        status,
        reason: failure,
        retryInMs: backoff,
      });
      await this.#settle(() => this.#queue.reschedule(retried), fields);
    }
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
