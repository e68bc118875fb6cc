import { afterEach, describe, expect, it } from "vitest";
import { CallbackDeliverer } from "../src/delivery/callback-deliverer.js";
import { MemoryDeliveryQueue } from "../src/stores/memory-store.js";
import { CallbackReceiver, type ReceiverBehaviour } from "./support/callback-receiver.js";
import { acceptedEvent, FAST_DELIVERY, memoryLogger } from "./support/fixtures.js";
import { freePort } from "./support/ports.js";

// Per-destination queues: whatever one callback receiver does, the others' events still go out.
// Nothing here waits for a time: each test waits for events and checks what had happened by then.
const { pollIntervalMs, concurrency, maxBatchEvents, ...policy } = FAST_DELIVERY;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function deliverer(options: { attemptTimeoutMs?: number; maxBatchEvents?: number } = {}) {
  const queue = new MemoryDeliveryQueue();
  const { logger, lines } = memoryLogger();
  const d = new CallbackDeliverer(
    queue,
    {
      policy: { ...policy, attemptTimeoutMs: options.attemptTimeoutMs ?? policy.attemptTimeoutMs },
      pollIntervalMs,
      concurrency,
      maxBatchEvents: options.maxBatchEvents ?? maxBatchEvents,
    },
    logger,
  );
  cleanups.push(() => d.flush({ drainWaiting: false, timeoutMs: 0 }));
  return { queue, deliverer: d, lines };
}

async function receiver(behaviour?: ReceiverBehaviour) {
  const r = await CallbackReceiver.start();
  if (behaviour) r.behaviour = behaviour;
  cleanups.push(() => r.close());
  return r;
}

const queueEvents = (d: CallbackDeliverer, url: string, prefix: string, count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      d.enqueue(url, `${prefix}-call`, [acceptedEvent(`${prefix}-call`, `${prefix}-${i}`)], Date.now()),
    ),
  );

describe("batching", () => {
  it("sends the events due for one callback URI as one CloudEvents array, each URI its own POST", async () => {
    const { deliverer: d, queue } = deliverer();
    const a = await receiver();
    const b = await receiver();
    await queueEvents(d, a.url(), "a", 30);
    await queueEvents(d, b.url(), "b", 3);
    d.start();
    await a.waitForDelivery("a-29");
    await b.waitForDelivery("b-2");
    expect(a.received).toHaveLength(1);
    expect((a.received[0]!.body as unknown[]).length).toBe(30);
    expect(a.deliveredEvents.map((e) => e.data.operationContext)).toEqual(
      Array.from({ length: 30 }, (_, i) => `a-${i}`),
    );
    expect(b.received).toHaveLength(1);
    await expect.poll(() => queue.size()).toBe(0);
  });

  it("caps a POST at maxBatchEvents events", async () => {
    const { deliverer: d } = deliverer({ maxBatchEvents: 4 });
    const a = await receiver();
    await queueEvents(d, a.url(), "capped", 10);
    d.start();
    await Promise.all(Array.from({ length: 10 }, (_, i) => a.waitForDelivery(`capped-${i}`)));
    expect(a.received.map((c) => (c.body as unknown[]).length)).toEqual([4, 4, 2]);
  });
});

describe("a misbehaving receiver stalls only its own queue", () => {
  it("one that answers slowly: the other receiver gets its events while every slot of the slow one waits", async () => {
    const { deliverer: d } = deliverer({ attemptTimeoutMs: 60_000, maxBatchEvents: 1 });
    const slow = await receiver(() => "hang");
    const good = await receiver();
    await queueEvents(d, slow.url(), "slow", concurrency * 3);
    await queueEvents(d, good.url(), "good", 5);
    d.start();
    await Promise.all(Array.from({ length: 5 }, (_, i) => good.waitForDelivery(`good-${i}`)));
    await expect.poll(() => slow.hanging).toBe(concurrency);
    expect(slow.received).toHaveLength(concurrency);
    // Once it answers, its own events follow.
    slow.behaviour = () => 200;
    slow.release();
    await Promise.all(Array.from({ length: concurrency * 3 }, (_, i) => slow.waitForDelivery(`slow-${i}`)));
  });

  it("one that never answers: its attempts time out and are retried, the other receiver is served", async () => {
    const { deliverer: d, lines } = deliverer();
    const dead = await receiver(() => "hang");
    const good = await receiver();
    await queueEvents(d, dead.url(), "dead", 5);
    d.start();
    await expect
      .poll(() => lines.filter((l) => l.reason === "receiver did not answer in time").length)
      .toBeGreaterThan(0);
    await queueEvents(d, good.url(), "good", 5);
    await Promise.all(Array.from({ length: 5 }, (_, i) => good.waitForDelivery(`good-${i}`)));
    expect(dead.delivered).toHaveLength(0);
  });

  it.each([
    ["is down (connection refused)", "down"],
    ["answers 500", 500],
    ["closes the connection mid-response", "close-mid-response"],
  ] as const)(
    "one that %s: retried with backoff, the other receiver is served, nothing is lost",
    async (_name, mode) => {
      const { deliverer: d, lines } = deliverer();
      const port = await freePort();
      const bad = mode === "down" ? undefined : await receiver(() => mode);
      const badUrl = bad?.url() ?? `http://127.0.0.1:${port}/events`;
      const good = await receiver();
      await queueEvents(d, badUrl, "bad", 5);
      d.start();
      const failures = () => lines.filter((l) => l.message === "callback attempt failed; will retry");
      await expect.poll(() => failures().length).toBeGreaterThanOrEqual(2);
      await queueEvents(d, good.url(), "good", 5);
      await Promise.all(Array.from({ length: 5 }, (_, i) => good.waitForDelivery(`good-${i}`)));
      // Retries back off: the second failure waits at least as long as the first (jitter stays within each step).
      const [first, second] = failures().map((f) => f.retryInMs as number);
      expect(second).toBeGreaterThanOrEqual(first!);
      expect(first).toBeGreaterThan(0);
      // It recovers and gets every event.
      const fixed = bad ?? (await CallbackReceiver.start(port));
      if (!bad) cleanups.push(() => fixed.close());
      fixed.behaviour = () => 200;
      await Promise.all(Array.from({ length: 5 }, (_, i) => fixed.waitForDelivery(`bad-${i}`)));
    },
  );
});
