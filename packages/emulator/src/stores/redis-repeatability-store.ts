import { randomUUID } from "node:crypto";
import { ApiError, type ClaimResult, type RepeatabilityStore, type StoredResponse } from "@transfer-call/server";
import type { Redis } from "ioredis";
import { REPEATABILITY_CLAIM_LUA, REPEATABILITY_COMPLETE_LUA, REPEATABILITY_RELEASE_LUA } from "./redis-scripts.js";

/**
 * The server stub's RepeatabilityStore on Redis, for instances behind one load balancer: a claim
 * is one Lua script (atomic across instances), a running claim holds its key for the lease only,
 * and `complete`/`release` act only while the caller's token still holds the key. While Redis is
 * unreachable every call throws a 503 ApiError, which the server stub answers in the API's format
 * with `Retry-After`, so clients (the official SDK included) retry.
 */
export class RedisRepeatabilityStore implements RepeatabilityStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyFor: (requestKey: string) => string,
  ) {}

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const token = randomUUID();
    const reply = (await unavailableOnError(
      this.redis.eval(
        REPEATABILITY_CLAIM_LUA,
        1,
        this.keyFor(key),
        fingerprint,
        token,
        String(Math.max(1, Math.ceil(leaseMs))),
      ),
    )) as string[];
    switch (reply[0]) {
      case "new":
        return { kind: "new", token };
      case "done":
        return { kind: "done", response: JSON.parse(reply[1] ?? "null") as StoredResponse };
      case "mismatch":
        return { kind: "mismatch" };
      default:
        return { kind: "in-flight" };
    }
  }

  async complete(key: string, token: string, response: StoredResponse, ttlMs: number): Promise<void> {
    await unavailableOnError(
      this.redis.eval(
        REPEATABILITY_COMPLETE_LUA,
        1,
        this.keyFor(key),
        token,
        JSON.stringify(response),
        String(Math.max(1, Math.ceil(ttlMs))),
      ),
    );
  }

  async release(key: string, token: string): Promise<void> {
    await unavailableOnError(this.redis.eval(REPEATABILITY_RELEASE_LUA, 1, this.keyFor(key), token));
  }
}

async function unavailableOnError<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch {
    throw new ApiError(
      503,
      "ServiceUnavailable",
      "The emulator's store is unreachable. Retry the request with the same Repeatability-Request-ID.",
      {
        headers: { "retry-after": "1" },
      },
    );
  }
}
