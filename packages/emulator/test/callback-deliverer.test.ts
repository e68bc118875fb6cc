import { afterEach, describe, expect, it } from "vitest";
import { CallbackDeliverer } from "../src/delivery/callback-deliverer.js";
import { MemoryDeliveryQueue } from "../src/stores/memory-store.js";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { acceptedEvent, FAST_DELIVERY, memoryLogger } from "./support/fixtures.js";
import { freePort } from "./support/ports.js";

const { pollIntervalMs, concurrency, maxBatchEvents, ...policy } = FAST_DELIVERY;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(overrides: Partial<typeof policy> = {}) {
  const queue = new MemoryDeliveryQueue();
  const { logger, lines } = memoryLogger();
  const deliverer = new CallbackDeliverer(
    queue,
    { policy: { ...policy, ...overrides }, pollIntervalMs, concurrency, maxBatchEvents },
    logger,
  );
  deliverer.start();
  cleanups.push(() => deliverer.flush({ drainWaiting: false, timeoutMs: 0 }));
  return { queue, deliverer, lines };
}

async function receiver(port?: number) {
  const r = await CallbackReceiver.start(port);
  cleanups.push(() => r.close());
  return r;
}

function logsWith(lines: Record<string, unknown>[], message: string) {
  return lines.filter((line) => line.message === message);
}

describe("CallbackDeliverer", () => {
  it("POSTs the events as one JSON array and forgets the delivery once answered 2xx", async () => {
    const { queue, deliverer, lines } = setup();
    const target = await receiver();
    const event = acceptedEvent("call-1", "ctx-1");
    await deliverer.enqueue(target.url(), "call-1", [event], Date.now());
    const got = await target.waitForDelivery("ctx-1");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.body).toEqual([event]);
    await expect.poll(() => queue.size()).toBe(0);
    expect(logsWith(lines, "callback delivered")).toHaveLength(1);
  });

  it("retries while the receiver is down and delivers once it is up", async () => {
    const { deliverer, lines } = setup();
    const port = await freePort();
    const event = acceptedEvent("call-2", "ctx-2");
    await deliverer.enqueue(`http://127.0.0.1:${port}/events`, "call-2", [event], Date.now());
    await expect.poll(() => logsWith(lines, "callback attempt failed; will retry").length).toBeGreaterThanOrEqual(2);
    expect(logsWith(lines, "callback attempt failed; will retry")[0]).toMatchObject({
      reason: expect.stringContaining("ECONNREFUSED"),
    });
    const target = await receiver(port);
    const got = await target.waitForDelivery("ctx-2");
    expect(got.body).toEqual([event]);
  });

  it("backs off once for the concurrent POSTs a down receiver refuses together", async () => {
    // Slow backoff, so the test sees the first round only; more than `concurrency` full batches due,
    // so `concurrency` POSTs go out at once and fail together.
    const { deliverer, lines } = setup({ initialBackoffMs: 1_000, maxBackoffMs: 60_000 });
    const url = `http://127.0.0.1:${await freePort()}/events`;
    for (let i = 0; i <= concurrency * maxBatchEvents; i++)
      await deliverer.enqueue(url, `call-${i}`, [acceptedEvent(`call-${i}`, `ctx-${i}`)], Date.now());
    await expect.poll(() => logsWith(lines, "callback attempt failed; will retry").length).toBe(concurrency);
    const failures = logsWith(lines, "callback attempt failed; will retry");
    expect(failures.map((f) => f.attempt)).toEqual(Array(concurrency).fill(1));
    // One failed round: 0.5–1 s with equal jitter, where counting each POST would give up to 8 s.
    for (const failure of failures) expect(failure.retryInMs).toBeLessThanOrEqual(1_000);
  });

  it("retries a receiver that answers 500, keeping the event id on every attempt", async () => {
    const { deliverer, lines } = setup();
    const target = await receiver();
    target.behaviour = (attempt) => (attempt <= 2 ? 500 : 204);
    const event = acceptedEvent("call-3", "ctx-3");
    await deliverer.enqueue(target.url(), "call-3", [event], Date.now());
    await target.waitForDelivery("ctx-3");
    expect(target.received.map((c) => c.answered)).toEqual([500, 500, 204]);
    expect(new Set(target.received.map((c) => (c.body as { id: string }[])[0]?.id))).toEqual(new Set([event.id]));
    const failures = logsWith(lines, "callback attempt failed; will retry");
    expect(failures.map((f) => [f.status, f.attempt])).toEqual([
      [500, 1],
      [500, 2],
    ]);
  });

  it("retries a receiver that does not answer in time", async () => {
    const { deliverer, lines } = setup();
    const target = await receiver();
    target.behaviour = (attempt) => (attempt === 1 ? "hang" : 200);
    await deliverer.enqueue(target.url(), "call-4", [acceptedEvent("call-4", "ctx-4")], Date.now());
    await target.waitForDelivery("ctx-4");
    expect(logsWith(lines, "callback attempt failed; will retry")[0]).toMatchObject({
      reason: "receiver did not answer in time",
      attempt: 1,
    });
  });

  it("gives up at once on a 400 and logs the events it dropped", async () => {
    const { queue, deliverer, lines } = setup();
    const target = await receiver();
    target.behaviour = () => 400;
    await deliverer.enqueue(target.url(), "call-5", [acceptedEvent("call-5", "ctx-5")], Date.now());
    await expect.poll(() => logsWith(lines, "callback delivery abandoned").length).toBe(1);
    expect(target.received).toHaveLength(1);
    expect(await queue.size()).toBe(0);
    expect(logsWith(lines, "callback delivery abandoned")[0]).toMatchObject({ status: 400, level: "error" });
  });

  it("gives up once the retry window has passed", async () => {
    const { deliverer, lines } = setup({ retryWindowMs: 1 });
    const target = await receiver();
    target.behaviour = () => 503;
    await deliverer.enqueue(target.url(), "call-6", [acceptedEvent("call-6", "ctx-6")], Date.now());
    await expect.poll(() => logsWith(lines, "callback delivery abandoned").length).toBe(1);
    expect(logsWith(lines, "callback delivery abandoned")[0]).toMatchObject({ status: 503 });
  });

  it("flush delivers deliveries that are not yet due before it resolves", async () => {
    const { queue, deliverer } = setup();
    const target = await receiver();
    await deliverer.enqueue(target.url(), "call-7", [acceptedEvent("call-7", "ctx-7")], Date.now() + 3_600_000);
    const result = await deliverer.flush({ drainWaiting: true, timeoutMs: 5_000 });
    expect(result).toEqual({ delivered: 1, remaining: 0 });
    expect(target.delivered).toHaveLength(1);
    expect(await queue.size()).toBe(0);
  });

  it("flush reports and logs what it could not deliver", async () => {
    const { deliverer, lines } = setup();
    const port = await freePort();
    await deliverer.enqueue(
      `http://127.0.0.1:${port}/`,
      "call-8",
      [acceptedEvent("call-8", "ctx-8")],
      Date.now() + 3_600_000,
    );
    const result = await deliverer.flush({ drainWaiting: true, timeoutMs: 100 });
    expect(result.remaining).toBe(1);
    const lost = logsWith(lines, "callback not delivered before shutdown");
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({
      url: `http://127.0.0.1:${port}/`,
      events: [expect.objectContaining({ type: "Microsoft.Communication.CallTransferAccepted" })],
    });
  });
});
