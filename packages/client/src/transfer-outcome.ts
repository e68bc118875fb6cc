import { type ParseTransferEventsResult, parseTransferEvents, type TransferEvent } from "./transfer-events.js";

/** What identifies a transfer in its callback events. A transfer result has both fields. */
export interface TransferCorrelation {
  callConnectionId: string;
  operationContext: string;
}

/** Options of `waitForTransferOutcome`. */
export interface WaitForTransferOutcomeOptions {
  /** Reject with a `TimeoutError` `DOMException` after this long. Default: no timeout. */
  timeoutInMs?: number;
  /** Reject with the signal's reason when it aborts. */
  abortSignal?: AbortSignal;
}

/** Options of a `TransferOutcomeTracker`. */
export interface TransferOutcomeTrackerOptions {
  /** How many events that arrived before anyone waited for them are kept. Default 1000. */
  maxBufferedEvents?: number;
  /** How long such events are kept. Default 5 minutes. */
  bufferTtlInMs?: number;
}

/** Whether `event` reports the outcome of `transfer` (same call connection and operation context). */
export function matchesTransfer(event: TransferEvent, transfer: TransferCorrelation): boolean {
  return (
    event.data.callConnectionId === transfer.callConnectionId &&
    event.data.operationContext === transfer.operationContext
  );
}

function keyOf(callConnectionId: string | undefined, operationContext: string | undefined): string | undefined {
  return callConnectionId === undefined || operationContext === undefined
    ? undefined
    : `${callConnectionId}\n${operationContext}`;
}

interface Waiter {
  resolve(event: TransferEvent): void;
}

/**
 * Correlates callback events with the transfers that caused them. The callback handler feeds
 * every delivery in (`handle` or `dispatch`); code that made a transfer awaits its outcome with
 * `waitForTransferOutcome`. An event that arrives before anyone waits is kept for a while, so the
 * order of the 202 and the callback does not matter.
 *
 * ```ts
 * const tracker = new TransferOutcomeTracker();
 * // in the webhook route: const { error } = tracker.handle(await request.text());
 * const result = await client.transferToParticipant(callConnectionId, request);
 * const outcome = await tracker.waitForTransferOutcome(result, { timeoutInMs: 30_000 });
 * ```
 */
export class TransferOutcomeTracker {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #buffer = new Map<string, { event: TransferEvent; at: number }>();
  readonly #maxBuffered: number;
  readonly #ttl: number;

  constructor(options: TransferOutcomeTrackerOptions = {}) {
    this.#maxBuffered = options.maxBufferedEvents ?? 1000;
    this.#ttl = options.bufferTtlInMs ?? 300_000;
  }

  /** Parses a delivery (see `parseTransferEvents`) and dispatches its transfer events. */
  handle(body: unknown): ParseTransferEventsResult {
    const result = parseTransferEvents(body);
    if (result.events) this.dispatch(result.events);
    return result;
  }

  /** Hands events to their waiters, or keeps them for a later wait. Returns how many had a waiter. */
  dispatch(events: TransferEvent | readonly TransferEvent[]): number {
    let delivered = 0;
    const now = Date.now();
    this.#prune(now);
    for (const event of Array.isArray(events) ? events : [events as TransferEvent]) {
      const key = keyOf(event.data.callConnectionId, event.data.operationContext);
      if (key === undefined) continue;
      const waiters = this.#waiters.get(key);
      if (waiters) {
        this.#waiters.delete(key);
        for (const waiter of waiters) waiter.resolve(event);
        delivered++;
      } else {
        this.#buffer.delete(key);
        this.#buffer.set(key, { event, at: now });
        if (this.#buffer.size > this.#maxBuffered) this.#buffer.delete(this.#buffer.keys().next().value!);
      }
    }
    return delivered;
  }

  /** Resolves with the first `CallTransferAccepted` or `CallTransferFailed` event of the transfer. */
  waitForTransferOutcome(
    transfer: TransferCorrelation,
    options: WaitForTransferOutcomeOptions = {},
  ): Promise<TransferEvent> {
    const key = keyOf(transfer.callConnectionId, transfer.operationContext)!;
    this.#prune(Date.now());
    const buffered = this.#buffer.get(key);
    if (buffered) {
      this.#buffer.delete(key);
      return Promise.resolve(buffered.event);
    }
    const { abortSignal, timeoutInMs } = options;
    if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
    return new Promise<TransferEvent>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = () => {
        clearTimeout(timer);
        abortSignal?.removeEventListener("abort", onAbort);
        const set = this.#waiters.get(key);
        set?.delete(waiter);
        if (set?.size === 0) this.#waiters.delete(key);
      };
      const waiter: Waiter = {
        resolve: (event) => {
          settle();
          resolve(event);
        },
      };
      const onAbort = () => {
        settle();
        reject(abortSignal!.reason);
      };
      abortSignal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutInMs !== undefined) {
        timer = setTimeout(() => {
          settle();
          reject(
            new DOMException(
              `No transfer outcome for ${transfer.callConnectionId} within ${timeoutInMs} ms`,
              "TimeoutError",
            ),
          );
        }, timeoutInMs);
      }
      let set = this.#waiters.get(key);
      if (!set) this.#waiters.set(key, (set = new Set()));
      set.add(waiter);
    });
  }

  /** How many transfers are being waited for. */
  get waiting(): number {
    return this.#waiters.size;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#buffer) {
      if (now - entry.at < this.#ttl) break;
      this.#buffer.delete(key);
    }
  }
}
