import type { Redis } from "ioredis";
import { settleCall } from "./call-state.js";
import {
  BEGIN_TRANSFER_LUA,
  CLAIM_DELIVERIES_LUA,
  COMPLETE_DELIVERIES_LUA,
  DUE_DESTINATIONS_LUA,
  ENQUEUE_DELIVERY_LUA,
  RESCHEDULE_DELIVERIES_LUA,
} from "./redis-scripts.js";
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

/** Key names under one prefix, so several emulators can share a Redis without colliding. */
export function redisKeys(prefix: string) {
  return {
    call: (callConnectionId: string) => `${prefix}call:${callConnectionId}`,
    /** The delivery queue's keys start with this (see redis-scripts.ts). */
    deliveries: `${prefix}deliveries:`,
    repeatability: (requestId: string) => `${prefix}repeatability:${requestId}`,
  };
}

type Keys = ReturnType<typeof redisKeys>;

/** Call state in Redis; a record expires `ttlMs` after its last change. */
export class RedisCallStateStore implements CallStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlMs: number,
  ) {}

  async beginTransfer(callConnectionId: string, transfer: ActiveTransfer, now: number): Promise<BeginTransferResult> {
    const reply = (await this.redis.eval(
      BEGIN_TRANSFER_LUA,
      1,
      this.keys.call(callConnectionId),
      String(now),
      JSON.stringify(transfer),
      String(this.ttlMs),
    )) as string[];
    if (reply[0] === "ok") return { ok: true };
    if (reply[0] === "disconnected") return { ok: false, reason: "disconnected" };
    const record = JSON.parse(reply[1] ?? "{}") as CallRecord;
    if (!record.transfer) throw new Error(`corrupt call record for ${callConnectionId}`);
    return { ok: false, reason: "transferring", current: record.transfer };
  }

  async getCall(callConnectionId: string, now: number): Promise<CallRecord | undefined> {
    const raw = await this.redis.get(this.keys.call(callConnectionId));
    return raw === null ? undefined : settleCall(JSON.parse(raw) as CallRecord, now);
  }
}

/**
 * Deliveries in Redis: one sorted set of waiting ids by due time per callback URI, a sorted set of
 * the URIs by their earliest due delivery, a sorted set of leased ids by lease end, a hash of the
 * records and a byte counter (redis-scripts.ts). Deliveries outlive the instance that queued them:
 * any instance sharing the store delivers them, including after a restart.
 */
export class RedisDeliveryQueue implements DeliveryQueue {
  readonly #prefix: string;

  constructor(
    private readonly redis: Redis,
    keys: Keys,
  ) {
    this.#prefix = keys.deliveries;
  }

  async enqueue(delivery: PendingDelivery): Promise<void> {
    await this.redis.eval(
      ENQUEUE_DELIVERY_LUA,
      0,
      this.#prefix,
      delivery.id,
      delivery.url,
      String(delivery.dueAt),
      String(delivery.bytes),
      JSON.stringify(delivery),
    );
  }

  async claim({ now, dueBefore, limit, leaseUntil, url }: ClaimOptions): Promise<PendingDelivery[]> {
    const reply = (await this.redis.eval(
      CLAIM_DELIVERIES_LUA,
      0,
      this.#prefix,
      String(now),
      Number.isFinite(dueBefore) ? String(dueBefore) : "+inf",
      String(Math.min(limit, 1_000_000)),
      String(leaseUntil),
      url ?? "",
    )) as string[];
    return reply.map((raw) => JSON.parse(raw) as PendingDelivery);
  }

  async dueDestinations(now: number, dueBefore: number, limit: number): Promise<string[]> {
    return (await this.redis.eval(
      DUE_DESTINATIONS_LUA,
      0,
      this.#prefix,
      String(now),
      Number.isFinite(dueBefore) ? String(dueBefore) : "+inf",
      String(limit),
    )) as string[];
  }

  async complete(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.eval(COMPLETE_DELIVERIES_LUA, 0, this.#prefix, ...ids);
  }

  async reschedule(deliveries: readonly PendingDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.redis.eval(RESCHEDULE_DELIVERIES_LUA, 0, this.#prefix, ...deliveries.map((d) => JSON.stringify(d)));
  }

  async size(): Promise<number> {
    return this.redis.hlen(`${this.#prefix}records`);
  }

  async backlog(): Promise<Backlog> {
    const results = await this.redis.multi().hlen(`${this.#prefix}records`).get(`${this.#prefix}bytes`).exec();
    throwOnMultiError(results);
    return { deliveries: Number(results![0]![1]), bytes: Number(results![1]![1] ?? 0) };
  }
}

function throwOnMultiError(results: [Error | null, unknown][] | null): void {
  if (results === null) throw new Error("Redis transaction was aborted");
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
