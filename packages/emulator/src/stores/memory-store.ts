import { decideTransfer, settleCall } from "./call-state.js";
import { DueHeap } from "./due-heap.js";
import type {
  ActiveTransfer,
  Backlog,
  BeginTransferResult,
  CallRecord,
  CallStateStore,
  ClaimOptions,
  DeliveryQueue,
  PendingDelivery,
} from "./types.js";

/** How many call records the memory store keeps, and how many bytes they may take (estimated). */
export interface CallRecordLimits {
  /** A record is forgotten this long after its last change. */
  ttlMs: number;
  maxRecords: number;
  maxBytes: number;
}

/** A record's estimated footprint: its strings (UTF-16) and the objects around them. */
const RECORD_OVERHEAD_BYTES = 320;
const recordBytes = (callConnectionId: string, record: CallRecord) =>
  RECORD_OVERHEAD_BYTES + 2 * (callConnectionId.length + (record.transfer?.operationContext.length ?? 0));

/** How many of the oldest records are looked at for an ended call to evict before the oldest goes. */
const EVICTION_SCAN = 64;

interface Entry {
  record: CallRecord;
  expiresAt: number;
  bytes: number;
}

/**
 * Call state held in this process, bounded by count and bytes. Records are forgotten `ttlMs` after
 * their last change. The map is kept in order of last change (a changed record is inserted again),
 * so each change drops the expired records from its front, and at a bound the oldest ended call (or
 * one whose transfer has settled) goes first; a call with a transfer in progress only when none of
 * the oldest has ended.
 */
export class MemoryCallStateStore implements CallStateStore {
  readonly #records = new Map<string, Entry>();
  readonly #limits: CallRecordLimits;
  #bytes = 0;

  constructor(limits: CallRecordLimits) {
    this.#limits = limits;
  }

  /** How many call records are held. */
  get size(): number {
    return this.#records.size;
  }

  /** Their estimated bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  async beginTransfer(callConnectionId: string, transfer: ActiveTransfer, now: number): Promise<BeginTransferResult> {
    const { result, next } = decideTransfer(this.#read(callConnectionId, now), transfer, now);
    if (result.ok && next) {
      this.#delete(callConnectionId);
      const bytes = recordBytes(callConnectionId, next);
      this.#records.set(callConnectionId, { record: next, expiresAt: now + this.#limits.ttlMs, bytes });
      this.#bytes += bytes;
    }
    for (const [id, entry] of this.#records) {
      if (entry.expiresAt > now) break;
      this.#delete(id);
    }
    while (this.#records.size > this.#limits.maxRecords || this.#bytes > this.#limits.maxBytes) this.#evict(now);
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
      this.#delete(callConnectionId);
      return undefined;
    }
    return entry.record;
  }

  #evict(now: number): void {
    let scanned = 0;
    let oldest: string | undefined;
    for (const [id, entry] of this.#records) {
      oldest ??= id;
      if (settleCall(entry.record, now).state !== "transferring") {
        this.#delete(id);
        return;
      }
      if (++scanned === EVICTION_SCAN) break;
    }
    if (oldest !== undefined) this.#delete(oldest);
  }

  #delete(callConnectionId: string): void {
    const entry = this.#records.get(callConnectionId);
    if (!entry) return;
    this.#records.delete(callConnectionId);
    this.#bytes -= entry.bytes;
  }
}

/**
 * Deliveries held in this process, one heap by due time per callback URI: they survive receiver
 * outages, not a restart of the process. Deliveries are kept as given (never changed in place: a
 * retry is a new object), so enqueueing and claiming copy nothing.
 */
export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly #byUrl = new Map<string, DueHeap<PendingDelivery>>();
  /** Every waiting delivery by id; a heap entry that is not here (completed while waiting) is skipped. */
  readonly #waiting = new Map<string, PendingDelivery>();
  readonly #leased = new Map<string, { delivery: PendingDelivery; until: number }>();
  #bytes = 0;
  #firstLeaseEnd = Number.POSITIVE_INFINITY;

  async enqueue(delivery: PendingDelivery): Promise<void> {
    this.#bytes += delivery.bytes;
    this.#wait(delivery);
  }

  async claim({ now, dueBefore, limit, leaseUntil, url }: ClaimOptions): Promise<PendingDelivery[]> {
    this.#expireLeases(now);
    const claimed: PendingDelivery[] = [];
    while (claimed.length < limit) {
      const heap = url === undefined ? this.#earliestHeap() : this.#byUrl.get(url);
      const next = heap && this.#top(heap);
      if (!heap || !next || next.dueAt > dueBefore) break;
      heap.pop();
      this.#waiting.delete(next.id);
      this.#leased.set(next.id, { delivery: next, until: leaseUntil });
      claimed.push(next);
    }
    if (claimed.length > 0) this.#firstLeaseEnd = Math.min(this.#firstLeaseEnd, leaseUntil);
    return claimed;
  }

  async dueDestinations(now: number, dueBefore: number, limit: number): Promise<string[]> {
    this.#expireLeases(now);
    const due: [string, number][] = [];
    for (const [url, heap] of this.#byUrl) {
      const top = this.#top(heap);
      if (top === undefined) this.#byUrl.delete(url);
      else if (top.dueAt <= dueBefore) due.push([url, top.dueAt]);
    }
    return due
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([url]) => url);
  }

  async complete(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const delivery = this.#leased.get(id)?.delivery ?? this.#waiting.get(id);
      if (!delivery) continue;
      this.#leased.delete(id);
      this.#waiting.delete(id);
      this.#bytes -= delivery.bytes;
    }
  }

  async reschedule(deliveries: readonly PendingDelivery[]): Promise<void> {
    for (const delivery of deliveries) {
      const held = this.#leased.get(delivery.id)?.delivery ?? this.#waiting.get(delivery.id);
      if (!held) continue;
      this.#leased.delete(delivery.id);
      this.#bytes += delivery.bytes - held.bytes;
      this.#wait(delivery);
    }
  }

  async size(): Promise<number> {
    return this.#waiting.size + this.#leased.size;
  }

  backlog(): Backlog {
    return { deliveries: this.#waiting.size + this.#leased.size, bytes: this.#bytes };
  }

  #wait(delivery: PendingDelivery): void {
    this.#waiting.set(delivery.id, delivery);
    let heap = this.#byUrl.get(delivery.url);
    if (!heap) this.#byUrl.set(delivery.url, (heap = new DueHeap()));
    heap.push(delivery);
  }

  /** The heap's earliest delivery still waiting, dropping entries completed or re-queued meanwhile. */
  #top(heap: DueHeap<PendingDelivery>): PendingDelivery | undefined {
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      if (this.#waiting.get(top.id) === top) return top;
      heap.pop();
    }
    return undefined;
  }

  #earliestHeap(): DueHeap<PendingDelivery> | undefined {
    let earliest: DueHeap<PendingDelivery> | undefined;
    let dueAt = Number.POSITIVE_INFINITY;
    for (const heap of this.#byUrl.values()) {
      const top = this.#top(heap);
      if (top !== undefined && top.dueAt < dueAt) [earliest, dueAt] = [heap, top.dueAt];
    }
    return earliest;
  }

  #expireLeases(now: number): void {
    if (now < this.#firstLeaseEnd) return;
    this.#firstLeaseEnd = Number.POSITIVE_INFINITY;
    for (const [id, lease] of this.#leased) {
      if (lease.until <= now) {
        this.#leased.delete(id);
        this.#wait(lease.delivery);
      } else this.#firstLeaseEnd = Math.min(this.#firstLeaseEnd, lease.until);
    }
  }
}
