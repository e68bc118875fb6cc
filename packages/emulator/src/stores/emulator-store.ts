import type { Logger } from "@transfer-call/server";
import { MemoryRepeatabilityStore, type RepeatabilityStore } from "@transfer-call/server";
import { DEFAULTS } from "../config.js";
import { MemoryCallStateStore, MemoryDeliveryQueue } from "./memory-store.js";
import { connectRedis, redactRedisUrl } from "./redis-connection.js";
import { RedisRepeatabilityStore } from "./redis-repeatability-store.js";
import { RedisCallStateStore, RedisDeliveryQueue, redisKeys } from "./redis-store.js";
import type { CallStateStore, DeliveryQueue } from "./types.js";

/**
 * Everything the emulator keeps between requests, behind one interface: repeatability records
 * (for the server stub), call state and pending callback deliveries.
 */
export interface EmulatorStore {
  readonly kind: "memory" | "redis";
  /** Where the state lives, for logs and /health (passwords redacted). */
  readonly location: string;
  readonly repeatability: RepeatabilityStore;
  readonly calls: CallStateStore;
  readonly deliveries: DeliveryQueue;
  /** Whether the store answers right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The embedded default: everything in this process's memory. Nothing to install and nothing left
 * behind; state (pending deliveries included) ends with the process, which is why a graceful
 * shutdown delivers what is pending first.
 */
export function createMemoryStore(options: {
  callRecordTtlMs: number;
  maxCallRecords?: number;
  maxCallRecordBytes?: number;
}): EmulatorStore {
  const repeatability = new MemoryRepeatabilityStore({ maxEntries: 100_000 });
  return {
    kind: "memory",
    location: "memory",
    repeatability,
    calls: new MemoryCallStateStore({
      ttlMs: options.callRecordTtlMs,
      maxRecords: options.maxCallRecords ?? DEFAULTS.limits.callRecords,
      maxBytes: options.maxCallRecordBytes ?? DEFAULTS.limits.callRecordBytes,
    }),
    deliveries: new MemoryDeliveryQueue(),
    ping: async () => true,
    close: async () => {
      await repeatability.close();
    },
  };
}

/**
 * The shared store: Redis, for several instances behind a load balancer (and state that outlives
 * a restart). Fails with RedisUnavailableError when Redis cannot be reached at start.
 */
export async function createRedisStore(
  options: { url: string; keyPrefix: string; callRecordTtlMs: number; connectTimeoutMs?: number },
  logger: Logger,
): Promise<EmulatorStore> {
  const redis = await connectRedis({ url: options.url, connectTimeoutMs: options.connectTimeoutMs ?? 5_000 }, logger);
  const keys = redisKeys(options.keyPrefix);
  return {
    kind: "redis",
    location: redactRedisUrl(options.url),
    repeatability: new RedisRepeatabilityStore(redis, keys.repeatability),
    calls: new RedisCallStateStore(redis, keys, options.callRecordTtlMs),
    deliveries: new RedisDeliveryQueue(redis, keys),
    ping: async () => {
      try {
        return (await redis.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    close: async () => {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
