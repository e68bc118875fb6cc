import type { Redis } from "ioredis";
import { settleCall } from "./call-state.js";
import { BEGIN_TRANSFER_LUA, CLAIM_DELIVERIES_LUA, RESCHEDULE_DELIVERY_LUA } from "./redis-scripts.js";
import type {
  ActiveTransfer,
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
    waiting: `${prefix}deliveries:waiting`,
    leased: `${prefix}deliveries:leased`,
    records: `${prefix}deliveries:records`,
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
 * Deliveries in Redis: a sorted set of waiting ids by due time, a sorted set of leased ids by
 * lease end, and a hash of the records. Deliveries outlive the instance that queued them: any
 * instance sharing the store delivers them, including after a restart.
 */
export class RedisDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async enqueue(delivery: PendingDelivery): Promise<void> {
    await this.redis
      .multi()
      .hset(this.keys.records, delivery.id, JSON.stringify(delivery))
      .zadd(this.keys.waiting, delivery.dueAt, delivery.id)
      .exec()
      .then(throwOnMultiError);
  }

  async claim({ now, dueBefore, limit, leaseUntil }: ClaimOptions): Promise<PendingDelivery[]> {
    const reply = (await this.redis.eval(
      CLAIM_DELIVERIES_LUA,
      3,
      this.keys.waiting,
      this.keys.leased,
      this.keys.records,
      String(now),
      Number.isFinite(dueBefore) ? String(dueBefore) : "+inf",
      String(limit),
      String(leaseUntil),
    )) as string[];
    return reply.map((raw) => JSON.parse(raw) as PendingDelivery);
  }

  async complete(id: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.keys.waiting, id)
      .zrem(this.keys.leased, id)
      .hdel(this.keys.records, id)
      .exec()
      .then(throwOnMultiError);
  }

  async reschedule(delivery: PendingDelivery): Promise<void> {
    await this.redis.eval(
      RESCHEDULE_DELIVERY_LUA,
      3,
      this.keys.waiting,
      this.keys.leased,
      this.keys.records,
      delivery.id,
      String(delivery.dueAt),
      JSON.stringify(delivery),
    );
  }

  async size(): Promise<number> {
    return this.redis.hlen(this.keys.records);
  }
}

function throwOnMultiError(results: [Error | null, unknown][] | null): void {
  if (results === null) throw new Error("Redis transaction was aborted");
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
