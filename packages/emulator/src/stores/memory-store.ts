import { decideTransfer, settleCall } from "./call-state.js";
import type {
  ActiveTransfer,
  BeginTransferResult,
  CallRecord,
  CallStateStore,
  ClaimOptions,
  DeliveryQueue,
  PendingDelivery,
} from "./types.js";

/**
 * Call state held in this process; records are forgotten `ttlMs` after their last change. The map is
 * kept in order of last change (a changed record is inserted again), so each change also drops the
 * expired records from its front: a record nobody asks about again does not stay for good.
 */
export class MemoryCallStateStore implements CallStateStore {
  readonly #records = new Map<string, { record: CallRecord; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  /** How many call records are held. */
  get size(): number {
    return this.#records.size;
  }

  async beginTransfer(callConnectionId: string, transfer: ActiveTransfer, now: number): Promise<BeginTransferResult> {
    const { result, next } = decideTransfer(this.#read(callConnectionId, now), transfer, now);
    if (result.ok && next) {
      this.#records.delete(callConnectionId);
      this.#records.set(callConnectionId, { record: next, expiresAt: now + this.ttlMs });
    }
    for (const [id, entry] of this.#records) {
      if (entry.expiresAt > now) break;
      this.#records.delete(id);
    }
    return result;
  }

  async getCall(callConnectionId: string, now: number): Promise<CallRecord | undefined> {
    const record = this.#read(callConnectionId, now);
    return record && settleCall(record, now);
  }

  #read(callConnectionId: string, now: number): CallRecord | undefined {
    const entry = this.#records.get(callConnectionId);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#records.delete(callConnectionId);
      return undefined;
    }
    return entry.record;
  }
}

/** Deliveries held in this process: they survive receiver outages, not a restart of the process. */
export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly #waiting = new Map<string, PendingDelivery>();
  readonly #leased = new Map<string, { delivery: PendingDelivery; until: number }>();

  async enqueue(delivery: PendingDelivery): Promise<void> {
    this.#waiting.set(delivery.id, structuredClone(delivery));
  }

  async claim({ now, dueBefore, limit, leaseUntil }: ClaimOptions): Promise<PendingDelivery[]> {
    for (const [id, lease] of this.#leased) {
      if (lease.until <= now) {
        this.#leased.delete(id);
        this.#waiting.set(id, lease.delivery);
      }
    }
    const due = earliestDue(this.#waiting.values(), dueBefore, limit);
    for (const delivery of due) {
      this.#waiting.delete(delivery.id);
      this.#leased.set(delivery.id, { delivery, until: leaseUntil });
    }
    return due.map((d) => structuredClone(d));
  }

  async complete(id: string): Promise<void> {
    this.#waiting.delete(id);
    this.#leased.delete(id);
  }

  async reschedule(delivery: PendingDelivery): Promise<void> {
    this.#leased.delete(delivery.id);
    this.#waiting.set(delivery.id, structuredClone(delivery));
  }

  async size(): Promise<number> {
    return this.#waiting.size + this.#leased.size;
  }
}

/** The `limit` earliest deliveries due by `dueBefore`, earliest first, in one pass (no full sort). */
function earliestDue(deliveries: Iterable<PendingDelivery>, dueBefore: number, limit: number): PendingDelivery[] {
  const picked: PendingDelivery[] = [];
  for (const delivery of deliveries) {
    if (delivery.dueAt > dueBefore) continue;
    if (picked.length === limit && picked[picked.length - 1]!.dueAt <= delivery.dueAt) continue;
    let at = picked.length;
    while (at > 0 && picked[at - 1]!.dueAt > delivery.dueAt) at -= 1;
    picked.splice(at, 0, delivery);
    if (picked.length > limit) picked.pop();
  }
  return picked;
}
