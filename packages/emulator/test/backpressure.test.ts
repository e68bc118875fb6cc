import { randomUUID } from "node:crypto";
import { CallAutomationClient as SdkClient } from "@azure/communication-call-automation";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { CallAutomationClient } from "@transfer-call/client";
import { afterEach, describe, expect, it } from "vitest";
import type { StartOptions } from "../src/emulator.js";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { testEmulator } from "./support/emulators.js";
import { freePort } from "./support/ports.js";
import { postTransfer, transferBody } from "./support/signed-request.js";

// At the delivery backlog's bound, new transfers are refused with 429 + Retry-After (nothing about
// them stored), the transfers already accepted are all delivered, and both clients retry the 429.
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const FULL = "delivery backlog full: new transfers are refused with 429 until it drains";

/** A receiver that holds every delivery open, and an emulator started with `options` (its backlog's bounds). */
async function stalledReceiverAndEmulator(options: StartOptions) {
  const receiver = await CallbackReceiver.start();
  open.push(receiver);
  receiver.behaviour = () => "hang";
  const e = await testEmulator({ shutdownTimeoutMs: 100, ...options });
  open.push(e);
  return { receiver, e };
}

describe("backpressure at the delivery backlog's bound", () => {
  it("answers 429 with Retry-After in the API's error format, loses nothing accepted, and accepts the retry once drained", async () => {
    const port = await freePort();
    const e = await testEmulator({ shutdownTimeoutMs: 100, limits: { pendingDeliveries: 2 } });
    open.push(e);
    const down = `http://127.0.0.1:${port}/events`;
    for (const n of [1, 2])
      expect(
        (await postTransfer(e.endpoint, e.config.accessKey, `bp-${n}`, transferBody(down, `bp-${n}`))).status,
      ).toBe(202);

    const retried = { repeatabilityId: randomUUID(), firstSent: new Date().toUTCString() };
    const refused = await postTransfer(e.endpoint, e.config.accessKey, "bp-3", transferBody(down, "bp-3"), retried);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(refused.body).toEqual({ error: { code: "TooManyRequests", message: expect.stringContaining("bound") } });
    expect(e.lines.filter((l) => l.message === FULL)).toHaveLength(1);
    // Refused before anything was stored: no call state, no event queued.
    expect(await e.store.calls.getCall("bp-3", Date.now())).toBeUndefined();
    expect(await e.store.deliveries.size()).toBe(2);

    const receiver = await CallbackReceiver.start(port);
    open.push(receiver);
    await receiver.waitForDelivery("bp-1");
    await receiver.waitForDelivery("bp-2");
    await expect.poll(() => e.store.deliveries.size()).toBe(0);
    const again = await postTransfer(e.endpoint, e.config.accessKey, "bp-3", transferBody(down, "bp-3"), retried);
    expect(again.status).toBe(202);
    await receiver.waitForDelivery("bp-3");
    expect(e.lines.some((l) => l.message === "delivery backlog below its bound again: transfers are accepted")).toBe(
      true,
    );
  });

  it("counts the backlog's bytes too", async () => {
    const { receiver, e } = await stalledReceiverAndEmulator({
      limits: { pendingDeliveryBytes: 1 },
      transferDelayMs: 3_600_000,
    });
    const send = (n: number) =>
      postTransfer(e.endpoint, e.config.accessKey, `bytes-${n}`, transferBody(receiver.url(), `bytes-${n}`));
    expect((await send(1)).status).toBe(202);
    const refused = await send(2);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain("1 bytes");
  });

  it("the official SDK retries the 429 and its transfer goes through once the backlog drains", async () => {
    const { receiver, e } = await stalledReceiverAndEmulator({
      limits: { pendingDeliveries: 1 },
      delivery: { attemptTimeoutMs: 60_000 },
    });
    const statuses: number[] = [];
    const record: PipelinePolicy = {
      name: "record-statuses",
      sendRequest: async (request, next) => {
        const response = await next(request);
        statuses.push(response.status);
        return response;
      },
    };
    const sdk = new SdkClient(e.connectionString, {
      allowInsecureConnection: true,
      additionalPolicies: [{ policy: record, position: "perRetry" }],
    });
    await sdk
      .getCallConnection("sdk-bp-1")
      .transferCallToParticipant(
        { communicationUserId: "8:acs:first" },
        { operationCallbackUrl: receiver.url(), operationContext: "sdk-bp-1" },
      );
    await expect.poll(() => receiver.hanging).toBe(1);
    const second = sdk
      .getCallConnection("sdk-bp-2")
      .transferCallToParticipant(
        { communicationUserId: "8:acs:second" },
        { operationCallbackUrl: receiver.url(), operationContext: "sdk-bp-2" },
      );
    await expect.poll(() => statuses).toContain(429);
    receiver.behaviour = () => 200;
    receiver.release();
    await expect(second).resolves.toMatchObject({ operationContext: "sdk-bp-2" });
    expect(statuses[0]).toBe(202);
    expect(statuses.slice(1, 2)).toEqual([429]);
    expect(statuses.at(-1)).toBe(202);
    await receiver.waitForDelivery("sdk-bp-1");
    await receiver.waitForDelivery("sdk-bp-2");
  });

  it("our client retries the 429 and its transfer goes through once the backlog drains", async () => {
    const { receiver, e } = await stalledReceiverAndEmulator({
      limits: { pendingDeliveries: 1 },
      delivery: { attemptTimeoutMs: 60_000 },
    });
    const statuses: number[] = [];
    const client = new CallAutomationClient(e.connectionString, {
      allowInsecureConnection: true,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });
    const transfer = (n: number) =>
      client.transferToParticipant(`ours-bp-${n}`, {
        targetParticipant: { kind: "communicationUser", communicationUser: { id: `8:acs:${n}` } },
        operationCallbackUri: receiver.url(),
        operationContext: `ours-bp-${n}`,
      });
    expect((await transfer(1)).error).toBeUndefined();
    await expect.poll(() => receiver.hanging).toBe(1);
    const second = transfer(2);
    await expect.poll(() => statuses).toContain(429);
    receiver.behaviour = () => 200;
    receiver.release();
    const { data, error } = await second;
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ operationContext: "ours-bp-2" });
    expect(statuses.slice(0, 2)).toEqual([202, 429]);
    expect(statuses.at(-1)).toBe(202);
    await receiver.waitForDelivery("ours-bp-2");
  });
});
