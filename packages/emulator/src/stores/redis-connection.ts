import type { Logger } from "@transfer-call/server";
import { Redis } from "ioredis";

/** Redis could not be reached when the emulator started. */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}

/** How to reach Redis. */
export interface RedisConnectionOptions {
  /** `redis://[:password@]host:port[/db]`. */
  url: string;
  /** Give up on the first connection after this long. */
  connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts after the connection drops mid-run. */
  maxReconnectDelayMs?: number;
}

/**
 * Connects to Redis, failing fast with a clear error when it is unreachable at start. Once
 * connected, a dropped connection is retried forever (backoff capped at `maxReconnectDelayMs`)
 * and commands issued meanwhile fail at once instead of queueing, so API requests answer 503
 * promptly rather than hanging.
 */
export async function connectRedis(options: RedisConnectionOptions, logger: Logger): Promise<Redis> {
  const where = redactRedisUrl(options.url);
  let connected = false;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    retryStrategy: (times) => (connected ? Math.min(times * 100, options.maxReconnectDelayMs ?? 2_000) : null),
  });
  let lastError: Error | undefined;
  let reported = false;
  redis.on("error", (error: Error) => {
    lastError = error;
  });
  redis.on("close", () => {
    if (connected && !reported) {
      reported = true;
      logger.error("redis connection lost; reconnecting, API answers 503 until it is back", {
        redis: where,
        error: lastError,
      });
    }
  });
  redis.on("ready", () => {
    if (connected && reported) logger.info("redis connection restored", { redis: where });
    reported = false;
    lastError = undefined;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new RedisUnavailableError(
      `Redis at ${where} is unreachable (${reason}). Start redis-server there, fix EMULATOR_REDIS_URL, ` +
        `or unset EMULATOR_REDIS_URL to use the embedded in-memory store.`,
    );
  }
  connected = true;
  return redis;
}

/** The URL with any password replaced, for logs and errors. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable Redis URL)";
  }
}
