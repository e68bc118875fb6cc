import { randomBytes, randomUUID } from "node:crypto";
import { silentLogger } from "@transfer-call/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator.js";
import { RedisUnavailableError } from "../src/stores/redis-connection.js";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { testEmulator } from "./support/emulators.js";
import { freePort } from "./support/ports.js";
import { RedisServer } from "./support/redis-server.js";
import { postTransfer, transferBody } from "./support/signed-request.js";

let redis: RedisServer;
let receiver: CallbackReceiver;
const accessKey = randomBytes(32).toString("base64");
let prefix = 0;
beforeAll(async () => {
  redis = await RedisServer.start();
  receiver = await CallbackReceiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await redis?.stop();
});
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** Two instances sharing one Redis (and one key prefix), as behind a load balancer. */
async function pair(options: Parameters<typeof testEmulator>[0] = {}) {
  const shared = { url: redis.url, keyPrefix: `pair${++prefix}:` };
  const a = await testEmulator({ accessKey, redis: shared, ...options });
  const b = await testEmulator({ accessKey, redis: shared, ...options });
  open.push(a, b);
  return [a, b] as const;
}
const accepted = (lines: Record<string, unknown>[]) => lines.filter((l) => l.message === "transfer accepted");

describe("Redis store: several instances", () => {
  it("runs the handler once for one Repeatability-Request-ID sent to both instances at once", async () => {
    const [a, b] = await pair();
    const headers = { repeatabilityId: randomUUID(), firstSent: new Date().toUTCString() };
    const body = transferBody(receiver.url(), "shared-once");
    const answers = await Promise.all([
      postTransfer(a.endpoint, accessKey, "lb-call", body, headers),
      postTransfer(b.endpoint, accessKey, "lb-call", body, headers),
      postTransfer(a.endpoint, accessKey, "lb-call", body, headers),
      postTransfer(b.endpoint, accessKey, "lb-call", body, headers),
    ]);
    expect(answers.map((x) => x.status)).toEqual([202, 202, 202, 202]);
    expect(answers.map((x) => x.body)).toEqual(Array(4).fill({ operationContext: "shared-once" }));
    expect(accepted(a.lines).length + accepted(b.lines).length).toBe(1);
    await receiver.waitForDelivery("shared-once");
  });

  it("replays on the second instance what the first answered", async () => {
    const [a, b] = await pair({ transferDelayMs: 3_600_000 });
    const headers = { repeatabilityId: randomUUID(), firstSent: new Date().toUTCString() };
    const body = transferBody(receiver.url(), "replayed");
    const first = await postTransfer(a.endpoint, accessKey, "replay-call", body, headers);
    const second = await postTransfer(b.endpoint, accessKey, "replay-call", body, headers);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body).toEqual(first.body);
    expect(accepted(b.lines)).toHaveLength(0);
    const other = await postTransfer(
      b.endpoint,
      accessKey,
      "replay-call",
      { ...body, operationContext: "different" },
      headers,
    );
    expect(other.status).toBe(409);
  });

  it("shares call state: a transfer in progress on one instance is refused on the other", async () => {
    const [a, b] = await pair({ transferDelayMs: 3_600_000 });
    expect(
      (await postTransfer(a.endpoint, accessKey, "shared-call", transferBody(receiver.url(), "on-a"))).status,
    ).toBe(202);
    const onB = await postTransfer(b.endpoint, accessKey, "shared-call", transferBody(receiver.url(), "on-b"));
    expect(onB.status).toBe(409);
    expect(onB.body.error.code).toBe("TransferInProgress");
  });

  it("keeps a pending delivery in Redis when its instance stops, and another instance delivers it", async () => {
    const shared = { url: redis.url, keyPrefix: `handover${++prefix}:` };
    // Instance A cannot reach the receiver: its attempt fails and the delivery waits in Redis.
    const unreachable: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: { code: "EHOSTUNREACH" } });
    };
    const a = await testEmulator({ accessKey, redis: shared, fetch: unreachable });
    open.push(a);
    await postTransfer(a.endpoint, accessKey, "handover-call", transferBody(receiver.url(), "handover"));
    await expect.poll(() => a.lines.some((l) => l.message === "callback attempt failed; will retry")).toBe(true);
    expect(await a.close()).toMatchObject({ delivered: 0, remaining: 1 });

    const b = await testEmulator({ accessKey, redis: shared });
    open.push(b);
    await receiver.waitForDelivery("handover");
    const failedOnA = a.lines.filter((l) => l.message === "callback attempt failed; will retry").length;
    await expect
      .poll(() => b.lines.find((l) => l.message === "callback delivered" && l.callConnectionId === "handover-call"))
      .toMatchObject({ attempt: failedOnA + 1 });
  });
});

describe("Redis store: the same guarantees with two instances", () => {
  it("delivers each event once, after the receiver's outage, whichever instance accepted it", async () => {
    const port = await freePort();
    const down = `http://127.0.0.1:${port}/events`;
    const [a, b] = await pair();
    const contexts = Array.from({ length: 20 }, (_, i) => `once-${i}`);
    for (const [i, context] of contexts.entries()) {
      const instance = i % 2 ? b : a;
      expect(
        (await postTransfer(instance.endpoint, accessKey, `once-call-${i}`, transferBody(down, context))).status,
      ).toBe(202);
    }
    const failed = (lines: Record<string, unknown>[]) =>
      lines.some((l) => l.message === "callback attempt failed; will retry");
    await expect.poll(() => failed(a.lines) || failed(b.lines)).toBe(true);

    const back = await CallbackReceiver.start(port);
    try {
      await Promise.all(contexts.map((c) => back.waitForDelivery(c)));
      await a.close();
      await b.close();
      const ids = back.deliveredEvents.map((e) => e.id as string);
      expect(back.deliveredEvents.map((e) => e.data.operationContext).sort()).toEqual([...contexts].sort());
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await back.close();
    }
  });

  it("shares the backlog bound: once it is reached through either instance, both answer 429", async () => {
    const port = await freePort();
    const down = `http://127.0.0.1:${port}/events`;
    const [a, b] = await pair({ limits: { pendingDeliveries: 2 }, shutdownTimeoutMs: 100 });
    expect((await postTransfer(a.endpoint, accessKey, "bound-1", transferBody(down, "bound-1"))).status).toBe(202);
    expect((await postTransfer(b.endpoint, accessKey, "bound-2", transferBody(down, "bound-2"))).status).toBe(202);
    for (const instance of [a, b]) {
      const refused = await postTransfer(instance.endpoint, accessKey, "bound-3", transferBody(down, "bound-3"));
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.body.error.code).toBe("TooManyRequests");
    }
    expect(await a.store.calls.getCall("bound-3", Date.now())).toBeUndefined();
  });
});

describe("Redis store: faults", () => {
  it("fails to start with a clear error when Redis is unreachable", async () => {
    const port = await freePort();
    const start = startEmulator({
      port: 0,
      accessKey,
      redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: "x:" },
      logger: silentLogger,
    });
    await expect(start).rejects.toThrow(RedisUnavailableError);
    await expect(start).rejects.toThrow(`Redis at redis://127.0.0.1:${port} is unreachable (`);
  });

  it("answers 503 in the API's format while Redis is down, and recovers when it is back", async () => {
    const own = await RedisServer.start();
    try {
      const e = await testEmulator({ accessKey, redis: { url: own.url, keyPrefix: "drop:" } });
      open.push(e);
      expect(
        (await postTransfer(e.endpoint, accessKey, "before", transferBody(receiver.url(), "before-drop"))).status,
      ).toBe(202);
      await own.stop();

      const during = await postTransfer(e.endpoint, accessKey, "during", transferBody(receiver.url(), "during-drop"));
      expect(during.status).toBe(503);
      expect(during.headers.get("retry-after")).toBe("1");
      expect(during.body.error.code).toBe("ServiceUnavailable");
      const health = await fetch(new URL("health", e.endpoint));
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "degraded", store: { kind: "redis", reachable: false } });
      await expect
        .poll(() =>
          e.lines.some((l) => l.message === "redis connection lost; reconnecting, API answers 503 until it is back"),
        )
        .toBe(true);
      await expect
        .poll(() => e.lines.some((l) => l.message === "delivery queue unavailable; deliveries wait in the store"))
        .toBe(true);

      await own.restart();
      await expect.poll(async () => (await fetch(new URL("health", e.endpoint))).status).toBe(200);
      expect(e.lines.some((l) => l.message === "redis connection restored")).toBe(true);
      expect(
        (await postTransfer(e.endpoint, accessKey, "after", transferBody(receiver.url(), "after-drop"))).status,
      ).toBe(202);
      await receiver.waitForDelivery("after-drop");
    } finally {
      await own.stop();
    }
  });
});
