import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator.js";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { testEmulator } from "./support/emulators.js";
import { schemaErrors } from "./support/event-schema.js";
import { postTransfer, transferBody } from "./support/signed-request.js";

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});
async function emulator(...args: Parameters<typeof testEmulator>) {
  const e = await testEmulator(...args);
  open.push(e);
  return e;
}
async function receiver() {
  const r = await CallbackReceiver.start();
  open.push(r);
  return r;
}
const transfer = (e: Emulator, callId: string, body: unknown, options?: Parameters<typeof postTransfer>[4]) =>
  postTransfer(e.endpoint, e.config.accessKey, callId, body, options);

describe("emulator: transfer and its callback", () => {
  it("answers 202 and delivers a CallTransferAccepted event shaped by the spec", async () => {
    const e = await emulator();
    const r = await receiver();
    const answer = await transfer(e, "call-accepted", {
      ...transferBody(r.url(), "ctx-accepted"),
      transferee: { phoneNumber: { value: "+14255550111" } },
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ operationContext: "ctx-accepted" });
    expect(answer.headers.get("repeatability-result")).toBe("accepted");

    const { body } = await r.waitForDelivery("ctx-accepted");
    expect(body).toHaveLength(1);
    const [event] = body as Record<string, any>[];
    expect(schemaErrors("TransferEvent", event)).toEqual([]);
    expect(event).toMatchObject({
      specversion: "1.0",
      type: "Microsoft.Communication.CallTransferAccepted",
      source: "calling/callConnections/call-accepted",
      subject: "calling/callConnections/call-accepted",
      datacontenttype: "application/json",
      data: {
        callConnectionId: "call-accepted",
        operationContext: "ctx-accepted",
        resultInformation: { code: 200, subCode: 7015 },
        transferTarget: {
          kind: "communicationUser",
          rawId: "8:acs:resource_target-user",
          communicationUser: { id: "8:acs:resource_target-user" },
        },
        transferee: { kind: "phoneNumber", rawId: "4:+14255550111", phoneNumber: { value: "+14255550111" } },
      },
    });
    expect(event!.data.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event!.data.serverCallId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it("keeps serverCallId and correlationId stable per call, and distinct between calls", async () => {
    const e = await emulator();
    const r = await receiver();
    await transfer(e, "call-a", transferBody(r.url(), "ctx-a", "8:acs:user-fail-a"));
    await transfer(e, "call-a", transferBody(r.url(), "ctx-a2"));
    await transfer(e, "call-b", transferBody(r.url(), "ctx-b"));
    const data = await Promise.all(["ctx-a", "ctx-a2", "ctx-b"].map(async (ctx) => (await r.waitForEvent(ctx)).data));
    expect(data[0].serverCallId).toBe(data[1].serverCallId);
    expect(data[0].correlationId).toBe(data[1].correlationId);
    expect(data[2].serverCallId).not.toBe(data[0].serverCallId);
  });

  it("delivers CallTransferFailed for configured failing targets, with their result, and by the built-in rule", async () => {
    const e = await emulator({
      calls: {
        failingTargets: [
          { target: "+14255550123", resultInformation: { code: 486, subCode: 0, message: "Busy Here" } },
        ],
      },
    });
    const r = await receiver();
    await transfer(e, "call-f1", {
      targetParticipant: { phoneNumber: { value: "+14255550123" } },
      operationCallbackUri: r.url(),
      operationContext: "busy",
    });
    await transfer(e, "call-f2", {
      targetParticipant: { phoneNumber: { value: "+14255550000" } },
      operationCallbackUri: r.url(),
      operationContext: "zeros",
    });
    await transfer(e, "call-f3", transferBody(r.url(), "word", "8:acs:please-FAIL-me"));
    for (const [ctx, result] of [
      ["busy", { code: 486, subCode: 0, message: "Busy Here" }],
      ["zeros", { code: 480, subCode: 10037 }],
      ["word", { code: 480, subCode: 10037 }],
    ] as const) {
      const event = await r.waitForEvent(ctx);
      expect(schemaErrors("TransferEvent", event)).toEqual([]);
      expect(event.type).toBe("Microsoft.Communication.CallTransferFailed");
      expect(event.data.resultInformation).toMatchObject(result);
      expect(event.data).not.toHaveProperty("transferTarget");
    }
  });

  it("does not apply the built-in rule when it is turned off", async () => {
    const e = await emulator({ calls: { builtInFailRule: false } });
    const r = await receiver();
    await transfer(e, "call-nf", {
      targetParticipant: { phoneNumber: { value: "+14255550000" } },
      operationCallbackUri: r.url(),
      operationContext: "plain",
    });
    expect((await r.waitForEvent("plain")).type).toBe("Microsoft.Communication.CallTransferAccepted");
  });
});

describe("emulator: calls", () => {
  it("answers 404 in the API's format for calls that are not declared, when configured so", async () => {
    const r = await receiver();
    const e = await emulator({
      calls: {
        undeclaredCalls: "notFound",
        calls: [{ callConnectionId: "known" }, { callConnectionId: "ended", state: "disconnected" }],
      },
    });
    const unknown = await transfer(e, "stranger", transferBody(r.url(), "x"));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      error: { code: "CallNotFound", message: "Call connection 'stranger' was not found.", target: "callConnectionId" },
    });
    expect((await transfer(e, "ended", transferBody(r.url(), "y"))).status).toBe(404);
    expect((await transfer(e, "known", transferBody(r.url(), "z"))).status).toBe(202);
    await r.waitForDelivery("z");
  });

  it("sends events to a declared call's callback URI when the request names none", async () => {
    const r = await receiver();
    const e = await emulator({
      calls: { calls: [{ callConnectionId: "with-callback", callbackUri: r.url("/call-default") }] },
    });
    const { operationCallbackUri: _, ...body } = transferBody("http://unused", "default-uri");
    expect((await transfer(e, "with-callback", body)).status).toBe(202);
    expect((await r.waitForDelivery("default-uri")).path).toBe("/call-default");
  });

  it("accepts a transfer with no callback URI at all and logs its event", async () => {
    const e = await emulator();
    const { operationCallbackUri: _, ...body } = transferBody("http://unused", "nowhere");
    expect((await transfer(e, "no-callback", body)).status).toBe(202);
    expect(
      e.lines.find(
        (l) => l.message === "transfer accepted with no callback URI: the outcome event is logged, not delivered",
      ),
    ).toMatchObject({
      event: { type: "Microsoft.Communication.CallTransferAccepted", data: { operationContext: "nowhere" } },
    });
  });

  it("refuses a transfer while one is in progress (409), and accepts the next once it settles", async () => {
    const r = await receiver();
    const e = await emulator({ transferDelayMs: 3_600_000 });
    expect((await transfer(e, "busy-call", transferBody(r.url(), "first"))).status).toBe(202);
    const second = await transfer(e, "busy-call", transferBody(r.url(), "second"));
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "TransferInProgress", target: "callConnectionId" });
    expect(second.body.error.message).toContain("'first'");
    await e.close();
    expect(r.deliveredEvents.map((e) => e.data.operationContext)).toEqual(["first"]);
  });

  it("ends a 1:1 call after an accepted transfer (404 next), but not after a failed one", async () => {
    const r = await receiver();
    const e = await emulator();
    await transfer(e, "one-to-one", transferBody(r.url(), "done"));
    await r.waitForDelivery("done");
    expect((await transfer(e, "one-to-one", transferBody(r.url(), "again"))).body.error).toMatchObject({
      code: "CallNotFound",
    });

    await transfer(e, "retry-after-failure", transferBody(r.url(), "failed-once", "8:acs:fail"));
    await r.waitForDelivery("failed-once");
    expect((await transfer(e, "retry-after-failure", transferBody(r.url(), "second-try"))).status).toBe(202);
    await r.waitForDelivery("second-try");
  });

  it("rejects a callback URI that is not http(s), naming the field", async () => {
    const e = await emulator();
    const answer = await transfer(e, "bad-uri", transferBody("ftp://127.0.0.1/x", "ftp"));
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe("operationCallbackUri");
  });
});

describe("emulator: protocol", () => {
  it("replays a repeated Repeatability-Request-ID without running the transfer again", async () => {
    const r = await receiver();
    const e = await emulator({ transferDelayMs: 3_600_000 });
    const id = randomUUID();
    const firstSent = new Date().toUTCString();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        transfer(e, "repeat-call", transferBody(r.url(), "once"), { repeatabilityId: id, firstSent }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    await e.close();
    expect(r.delivered).toHaveLength(1);
  });

  it("answers 401 in the API's format to a request signed with another key", async () => {
    const e = await emulator();
    const answer = await postTransfer(
      e.endpoint,
      Buffer.from("not the key").toString("base64"),
      "c",
      transferBody("http://127.0.0.1:1/", "x"),
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe("Unauthorized");
  });

  it("stays responsive while the callback receiver hangs, then delivers everything", async () => {
    const r = await receiver();
    let hanging = true;
    r.behaviour = () => (hanging ? "hang" : 200);
    const e = await emulator({ delivery: { attemptTimeoutMs: 200 } });
    for (let i = 0; i < 6; i++) {
      expect((await transfer(e, `slow-${i}`, transferBody(r.url(), `slow-${i}`))).status).toBe(202);
    }
    expect((await fetch(new URL("health", e.endpoint))).status).toBe(200);
    await r.waitFor((c) => c.answered === "no answer");
    hanging = false;
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => r.waitForDelivery(`slow-${i}`)));
    expect(
      e.lines.some(
        (l) => l.message === "callback attempt failed; will retry" && l.reason === "receiver did not answer in time",
      ),
    ).toBe(true);
  });

  it("serves /health, /docs and /openapi.json without auth", async () => {
    const e = await emulator();
    const health = await fetch(new URL("health", e.endpoint));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "ok",
      store: { kind: "memory", reachable: true },
      deliveries: { pending: 0 },
    });
    const docs = await fetch(new URL("docs", e.endpoint));
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(await docs.text()).toContain("/openapi.json");
    const openapi = await fetch(new URL("openapi.json", e.endpoint));
    const newest = await openapi.json();
    expect(newest.paths).toHaveProperty(["/calling/callConnections/{callConnectionId}:transferToParticipant"]);
    expect(newest.info.version).toBe("2026-03-12");
    // Each api-version's document under its own name; an unknown version is not one.
    for (const apiVersion of ["2023-03-06", "2024-09-15", "2026-03-12"]) {
      const versioned = await fetch(new URL(`openapi/${apiVersion}.json`, e.endpoint));
      expect(versioned.status).toBe(200);
      expect((await versioned.json()).components.schemas.ApiVersion.enum).toEqual([apiVersion]);
    }
    expect((await fetch(new URL("openapi/2099-01-01.json", e.endpoint))).status).toBe(404);
  });

  it("delivers pending callbacks on graceful shutdown, even those not yet due", async () => {
    const r = await receiver();
    const e = await emulator({ transferDelayMs: 3_600_000 });
    await transfer(e, "shutdown-call", transferBody(r.url(), "at-shutdown"));
    expect(r.received).toHaveLength(0);
    const result = await e.close();
    expect(result).toEqual({ delivered: 1, remaining: 0 });
    expect(r.delivered).toHaveLength(1);
  });
});
