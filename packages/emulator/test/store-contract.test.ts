import { silentLogger } from "@transfer-call/server";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryCallStateStore, MemoryDeliveryQueue } from "../src/stores/memory-store.js";
import { connectRedis } from "../src/stores/redis-connection.js";
import { RedisCallStateStore, RedisDeliveryQueue, redisKeys } from "../src/stores/redis-store.js";
import type { ActiveTransfer, CallStateStore, DeliveryQueue, PendingDelivery } from "../src/stores/types.js";
import { acceptedEvent } from "./support/fixtures.js";
import { RedisServer } from "./support/redis-server.js";

let redisServer: RedisServer;
let redis: Redis;
beforeAll(async () => {
  redisServer = await RedisServer.start();
  redis = await connectRedis({ url: redisServer.url }, silentLogger);
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.stop();
});

const LIMITS = { ttlMs: 60_000, maxRecords: 1_000_000, maxBytes: 1e9 };
let prefixCounter = 0;
const kinds: { name: string; calls: () => CallStateStore; queue: () => DeliveryQueue }[] = [
  { name: "memory", calls: () => new MemoryCallStateStore(LIMITS), queue: () => new MemoryDeliveryQueue() },
  {
    name: "redis",
    calls: () => new RedisCallStateStore(redis, redisKeys(`t${++prefixCounter}:`), 60_000),
    queue: () => new RedisDeliveryQueue(redis, redisKeys(`t${++prefixCounter}:`)),
  },
];

const T0 = 1_700_000_000_000;
const transfer = (overrides: Partial<ActiveTransfer> = {}): ActiveTransfer => ({
  operationContext: "ctx",
  outcome: "accepted",
  settlesAt: T0 + 1_000,
  endsCall: true,
  ...overrides,
});
const delivery = (id: string, dueAt: number): PendingDelivery => ({
  id,
  url: "http://127.0.0.1:1/",
  callConnectionId: "call",
  events: [acceptedEvent("call", id)],
  attempts: 0,
  firstDueAt: dueAt,
  dueAt,
  bytes: 700,
});

describe("memory call state", () => {
  it("forgets records nobody asks about again once their TTL has passed", async () => {
    const store = new MemoryCallStateStore({ ...LIMITS, ttlMs: 1_000 });
    // Failed transfers that settle at once: each call stays connected and can be changed again.
    for (let i = 0; i < 100; i++)
      await store.beginTransfer(`old${i}`, transfer({ outcome: "failed", settlesAt: T0 + i }), T0 + i);
    // A record changed later stays; the others expire behind it.
    expect(await store.beginTransfer("old0", transfer({ outcome: "failed", settlesAt: T0 + 500 }), T0 + 500)).toEqual({
      ok: true,
    });
    expect(store.size).toBe(100);
    await store.beginTransfer("new", transfer({ settlesAt: T0 + 2_000 }), T0 + 1_200);
    expect(store.size).toBe(2);
    expect(await store.getCall("old0", T0 + 1_200)).toEqual({ state: "connected" });
    expect(await store.getCall("old1", T0 + 1_200)).toBeUndefined();
  });
});

describe("memory call state bounds", () => {
  it("keeps at most maxRecords, forgetting ended calls before calls with a transfer in progress", async () => {
    const store = new MemoryCallStateStore({ ...LIMITS, maxRecords: 3 });
    await store.beginTransfer("ended", transfer({ settlesAt: T0 + 10 }), T0);
    await store.beginTransfer("busy-1", transfer({ settlesAt: T0 + 1e9 }), T0 + 1);
    await store.beginTransfer("busy-2", transfer({ settlesAt: T0 + 1e9 }), T0 + 2);
    expect(await store.getCall("ended", T0 + 20)).toEqual({ state: "disconnected" });
    // The oldest record has ended: it goes first, though it is older than nothing else.
    await store.beginTransfer("busy-3", transfer({ settlesAt: T0 + 1e9 }), T0 + 20);
    expect(store.size).toBe(3);
    expect(await store.getCall("ended", T0 + 20)).toBeUndefined();
    expect((await store.beginTransfer("busy-1", transfer(), T0 + 21)).ok).toBe(false);
    // With none ended, the oldest goes.
    await store.beginTransfer("busy-4", transfer({ settlesAt: T0 + 1e9 }), T0 + 22);
    expect(store.size).toBe(3);
    expect(await store.getCall("busy-1", T0 + 22)).toBeUndefined();
    expect(await store.getCall("busy-2", T0 + 22)).toMatchObject({ state: "transferring" });
  });

  it("keeps the records' estimated bytes under maxBytes", async () => {
    const store = new MemoryCallStateStore({ ...LIMITS, maxBytes: 2_000 });
    for (let i = 0; i < 50; i++)
      await store.beginTransfer(`bytes-${i}`, transfer({ operationContext: "x".repeat(100) }), T0 + i);
    expect(store.bytes).toBeLessThanOrEqual(2_000);
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(50);
    expect(await store.getCall("bytes-49", T0 + 50)).toMatchObject({ state: "transferring" });
  });
});

describe.each(kinds)("$name store", ({ calls, queue }) => {
  describe("call state", () => {
    it("refuses a second transfer while the first is in progress, naming the first", async () => {
      const store = calls();
      expect(await store.beginTransfer("c1", transfer({ operationContext: "first" }), T0)).toEqual({ ok: true });
      expect(await store.beginTransfer("c1", transfer({ operationContext: "second" }), T0 + 999)).toEqual({
        ok: false,
        reason: "transferring",
        current: transfer({ operationContext: "first" }),
      });
      expect(await store.getCall("c1", T0 + 999)).toEqual({
        state: "transferring",
        transfer: transfer({ operationContext: "first" }),
      });
    });

    it("ends a 1:1 call once an accepted transfer settles", async () => {
      const store = calls();
      await store.beginTransfer("c2", transfer(), T0);
      expect(await store.getCall("c2", T0 + 1_000)).toEqual({ state: "disconnected" });
      expect(await store.beginTransfer("c2", transfer(), T0 + 1_000)).toEqual({ ok: false, reason: "disconnected" });
    });

    it("keeps the call connected after a failed transfer, or an accepted one with a transferee", async () => {
      const store = calls();
      await store.beginTransfer("c3", transfer({ outcome: "failed" }), T0);
      expect(await store.beginTransfer("c3", transfer({ endsCall: false, settlesAt: T0 + 3_000 }), T0 + 1_000)).toEqual(
        { ok: true },
      );
      expect(await store.getCall("c3", T0 + 3_000)).toEqual({ state: "connected" });
      expect(await store.beginTransfer("c3", transfer({ settlesAt: T0 + 5_000 }), T0 + 3_000)).toEqual({ ok: true });
    });

    it("lets exactly one of many concurrent transfers on a call start", async () => {
      const store = calls();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.beginTransfer("c4", transfer({ operationContext: `t${i}` }), T0)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });
  });

  describe("delivery queue", () => {
    it("hands out due deliveries in due order, each to one claimer", async () => {
      const q = queue();
      await q.enqueue(delivery("b", T0 + 20));
      await q.enqueue(delivery("a", T0 + 10));
      await q.enqueue(delivery("later", T0 + 10_000));
      const [first, second] = await Promise.all([
        q.claim({ now: T0 + 100, dueBefore: T0 + 100, limit: 1, leaseUntil: T0 + 5_000 }),
        q.claim({ now: T0 + 100, dueBefore: T0 + 100, limit: 5, leaseUntil: T0 + 5_000 }),
      ]);
      expect([...first!, ...second!].map((d) => d.id).sort()).toEqual(["a", "b"]);
      expect(first!.map((d) => d.id)).toEqual(["a"]);
      expect(await q.size()).toBe(3);
    });

    it("hands a delivery out again when its lease runs out, and never after complete", async () => {
      const q = queue();
      await q.enqueue(delivery("x", T0));
      expect((await q.claim({ now: T0, dueBefore: T0, limit: 5, leaseUntil: T0 + 100 })).map((d) => d.id)).toEqual([
        "x",
      ]);
      expect(await q.claim({ now: T0 + 50, dueBefore: T0 + 50, limit: 5, leaseUntil: T0 + 200 })).toEqual([]);
      const again = await q.claim({ now: T0 + 100, dueBefore: T0 + 100, limit: 5, leaseUntil: T0 + 300 });
      expect(again.map((d) => d.id)).toEqual(["x"]);
      await q.complete(["x"]);
      expect(await q.claim({ now: T0 + 1_000, dueBefore: T0 + 1_000, limit: 5, leaseUntil: T0 + 2_000 })).toEqual([]);
      expect(await q.size()).toBe(0);
    });

    it("stores a rescheduled delivery's attempts and waits until its new due time", async () => {
      const q = queue();
      const original = delivery("r", T0);
      await q.enqueue(original);
      const [claimed] = await q.claim({ now: T0, dueBefore: T0, limit: 1, leaseUntil: T0 + 100 });
      await q.reschedule([{ ...claimed!, attempts: 1, dueAt: T0 + 500, lastError: "receiver answered 500" }]);
      expect(await q.claim({ now: T0 + 200, dueBefore: T0 + 200, limit: 5, leaseUntil: T0 + 300 })).toEqual([]);
      const [back] = await q.claim({ now: T0 + 500, dueBefore: T0 + 500, limit: 5, leaseUntil: T0 + 600 });
      expect(back).toMatchObject({ id: "r", attempts: 1, dueAt: T0 + 500, lastError: "receiver answered 500" });
      expect(back!.events).toEqual(original.events);
    });

    it("keeps one queue per callback URI: lists the URIs with something due, claims from one", async () => {
      const q = queue();
      const to = (id: string, url: string, dueAt: number) => ({ ...delivery(id, dueAt), url });
      await q.enqueue(to("a1", "http://a/", T0 + 20));
      await q.enqueue(to("b1", "http://b/", T0 + 10));
      await q.enqueue(to("a2", "http://a/", T0 + 20));
      await q.enqueue(to("c1", "http://c/", T0 + 5_000));
      expect(await q.dueDestinations(T0 + 100, T0 + 100, 10)).toEqual(["http://b/", "http://a/"]);
      const fromA = await q.claim({
        url: "http://a/",
        now: T0 + 100,
        dueBefore: T0 + 100,
        limit: 10,
        leaseUntil: T0 + 1_000,
      });
      expect(fromA.map((d) => d.id)).toEqual(["a1", "a2"]);
      expect(await q.dueDestinations(T0 + 100, T0 + 100, 10)).toEqual(["http://b/"]);
      expect(await q.backlog()).toEqual({ deliveries: 4, bytes: 4 * 700 });
      await q.complete(["a1", "a2", "b1"]);
      expect(await q.backlog()).toEqual({ deliveries: 1, bytes: 700 });
      expect(await q.dueDestinations(T0 + 100, Number.POSITIVE_INFINITY, 10)).toEqual(["http://c/"]);
    });

    it("claims every waiting delivery, due or not, with dueBefore Infinity", async () => {
      const q = queue();
      await q.enqueue(delivery("soon", T0 + 10));
      await q.enqueue(delivery("much-later", T0 + 1e9));
      const all = await q.claim({ now: T0, dueBefore: Number.POSITIVE_INFINITY, limit: 10, leaseUntil: T0 + 100 });
      expect(all.map((d) => d.id)).toEqual(["soon", "much-later"]);
    });
  });
});
