import type { PendingDelivery } from "../stores/types.js";

/**
 * The JSON text of the deliveries' events, kept from when they were queued so that a POST joins
 * texts instead of serialising objects again. An in-memory queue hands back the objects it was
 * given, so the text is found; a delivery read back from Redis is serialised.
 */
export class BatchBodies {
  readonly #json = new WeakMap<PendingDelivery, string>();

  /** Remembers the events of `delivery` as `json` (a JSON array). */
  remember(delivery: PendingDelivery, json: string): void {
    this.#json.set(delivery, json);
  }

  /** `next` (a retry of `previous`) has the same events. */
  carry(previous: PendingDelivery, next: PendingDelivery): void {
    const json = this.#json.get(previous);
    if (json !== undefined) this.#json.set(next, json);
  }

  /** One JSON array of every event of the batch. */
  body(batch: readonly PendingDelivery[]): string {
    if (batch.length === 1) return this.#text(batch[0]!);
    const parts = batch.map((d) => this.#text(d).slice(1, -1));
    return `[${parts.filter((part) => part !== "").join(",")}]`;
  }

  #text(delivery: PendingDelivery): string {
    return this.#json.get(delivery) ?? JSON.stringify(delivery.events);
  }
}
