import { describe, expect, it } from "vitest";
import {
  isCallTransferAccepted,
  isCallTransferFailed,
  matchesTransfer,
  parseTransferEvents,
  type TransferEvent,
  TransferEventError,
  TransferOutcomeTracker,
} from "../src/events.js";

const accepted = {
  specversion: "1.0",
  id: "e1",
  source: "calling/callConnections/c1",
  type: "Microsoft.Communication.CallTransferAccepted",
  subject: "calling/callConnections/c1",
  time: "2024-09-15T10:00:00.123Z",
  datacontenttype: "application/json",
  data: {
    callConnectionId: "c1",
    serverCallId: "srv",
    correlationId: "corr",
    operationContext: "ctx-1",
    resultInformation: { code: 200, subCode: 7015, message: "The transfer operation completed successfully." },
    transferTarget: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
    transferee: { kind: "communicationUser", rawId: "8:acs:x", communicationUser: { id: "8:acs:x" } },
  },
};
const failed = {
  specversion: "1.0",
  id: "e2",
  source: "calling/callConnections/c1",
  type: "Microsoft.Communication.CallTransferFailed",
  data: {
    callConnectionId: "c1",
    operationContext: "ctx-2",
    resultInformation: {
      code: 500,
      subCode: 7516,
      message: "Transfer failed",
      sipDetails: { code: 486, message: "Busy here" },
    },
  },
};
const otherEvent = {
  specversion: "1.0",
  id: "e3",
  source: "calling/callConnections/c1",
  type: "Microsoft.Communication.CallConnected",
  data: { x: 1 },
};

describe("parseTransferEvents", () => {
  it("parses an array delivery (JSON text) into narrowed, typed events", () => {
    const result = parseTransferEvents(JSON.stringify([accepted, failed]));
    expect(result.error).toBeUndefined();
    const [a, f] = result.events!;
    expect(isCallTransferAccepted(a!)).toBe(true);
    expect(isCallTransferFailed(f!)).toBe(true);
    if (isCallTransferAccepted(a!)) expect(a.data.transferTarget?.phoneNumber?.value).toBe("+14255550123");
    if (isCallTransferFailed(f!)) expect(f.data.resultInformation?.sipDetails?.code).toBe(486);
  });

  it("takes one event, parsed JSON or bytes", () => {
    expect(parseTransferEvents(accepted).events).toHaveLength(1);
    expect(parseTransferEvents(new TextEncoder().encode(JSON.stringify(failed))).events).toHaveLength(1);
    expect(parseTransferEvents([]).events).toEqual([]);
  });

  it("returns events of other types in `ignored` instead of failing (they share the callback URI)", () => {
    const result = parseTransferEvents([otherEvent, accepted]);
    expect(result.events).toHaveLength(1);
    expect(result.ignored).toEqual([otherEvent]);
  });

  it.each([
    ["not JSON", "{oops", "(root) is not JSON"],
    ["invalid UTF-8", new Uint8Array([0xff, 0xfe]), "(root) is not valid UTF-8"],
    ["a number", 42, "(root) must be a CloudEvent object"],
    ["no specversion", { ...accepted, specversion: undefined }, '(root).specversion must be "1.0"'],
    ["an empty type", { ...accepted, type: "" }, "(root).type must be a non-empty string"],
    ["no data", { ...accepted, data: undefined }, "data must be an object"],
    [
      "a wrong field type",
      { ...accepted, data: { ...accepted.data, resultInformation: { code: "200" } } },
      "data.resultInformation.code must be an integer, got string",
    ],
    [
      "an unknown data field",
      { ...failed, data: { ...failed.data, surprise: true } },
      "data.surprise is not a known property",
    ],
    [
      "a bad phone number",
      { ...accepted, data: { ...accepted.data, transferTarget: { phoneNumber: { value: "555" } } } },
      "data.transferTarget.phoneNumber.value must match",
    ],
    ["a bad time", { ...accepted, time: "yesterday" }, "time must be an RFC 3339 date-time"],
    ["an unknown specversion", { ...accepted, specversion: "0.3" }, '(root).specversion must be "1.0"'],
  ])("rejects %s with a TransferEventError naming the path", (_name, input, message) => {
    const result = parseTransferEvents(input);
    expect(result.events).toBeUndefined();
    expect(result.error).toBeInstanceOf(TransferEventError);
    expect(result.error!.message).toContain(message);
  });

  it("names the index of the bad event in an array and lists every issue", () => {
    const bad = { ...failed, id: "", data: { ...failed.data, callConnectionId: 5 } };
    const result = parseTransferEvents([accepted, bad]);
    expect(result.error!.issues.map((i) => i.path)).toEqual(["[1].id"]);
    const deep = parseTransferEvents([
      accepted,
      { ...failed, data: { ...failed.data, callConnectionId: 5, operationContext: 6 } },
    ]);
    expect(deep.error!.issues.map((i) => i.path)).toEqual(["[1].data.callConnectionId", "[1].data.operationContext"]);
  });

  it("applies the spec's identifier rule: two nested identifiers at once are rejected", () => {
    const twoKinds = { phoneNumber: { value: "+14255550123" }, communicationUser: { id: "8:acs:x" } };
    const result = parseTransferEvents({ ...accepted, data: { ...accepted.data, transferTarget: twoKinds } });
    expect(result.error?.issues[0]?.path).toBe("data.transferTarget");
  });
});

describe("TransferOutcomeTracker", () => {
  const parsed = parseTransferEvents([accepted, failed]).events!;
  const acceptedEvent = parsed[0]!;
  const failedEvent = parsed[1]!;

  it("matches events by callConnectionId and operationContext", () => {
    expect(matchesTransfer(acceptedEvent, { callConnectionId: "c1", operationContext: "ctx-1" })).toBe(true);
    expect(matchesTransfer(acceptedEvent, { callConnectionId: "c1", operationContext: "ctx-2" })).toBe(false);
    expect(matchesTransfer(acceptedEvent, { callConnectionId: "c2", operationContext: "ctx-1" })).toBe(false);
  });

  it("resolves a waiter with the event of its transfer, not another's", async () => {
    const tracker = new TransferOutcomeTracker();
    const outcome = tracker.waitForTransferOutcome({ callConnectionId: "c1", operationContext: "ctx-2" });
    expect(tracker.waiting).toBe(1);
    expect(tracker.dispatch(acceptedEvent)).toBe(0);
    expect(tracker.handle(JSON.stringify([failed])).events).toHaveLength(1);
    const event: TransferEvent = await outcome;
    expect(event.type).toBe("Microsoft.Communication.CallTransferFailed");
    expect(tracker.waiting).toBe(0);
  });

  it("keeps an event that arrives before anyone waits", async () => {
    const tracker = new TransferOutcomeTracker();
    tracker.dispatch([acceptedEvent, failedEvent]);
    await expect(tracker.waitForTransferOutcome({ callConnectionId: "c1", operationContext: "ctx-1" })).resolves.toBe(
      acceptedEvent,
    );
  });

  it("forgets buffered events beyond its bound", async () => {
    const tracker = new TransferOutcomeTracker({ maxBufferedEvents: 1 });
    tracker.dispatch([acceptedEvent, failedEvent]);
    const controller = new AbortController();
    const wait = tracker.waitForTransferOutcome(
      { callConnectionId: "c1", operationContext: "ctx-1" },
      { abortSignal: controller.signal },
    );
    controller.abort(new Error("not buffered"));
    await expect(wait).rejects.toThrow("not buffered");
  });

  it("rejects with a TimeoutError after timeoutInMs", async () => {
    const tracker = new TransferOutcomeTracker();
    const failure = await tracker
      .waitForTransferOutcome({ callConnectionId: "c9", operationContext: "x" }, { timeoutInMs: 5 })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe("TimeoutError");
    expect(tracker.waiting).toBe(0);
  });

  it("rejects at once for an already aborted signal, and leaves no waiter behind", async () => {
    const tracker = new TransferOutcomeTracker();
    await expect(
      tracker.waitForTransferOutcome(
        { callConnectionId: "c1", operationContext: "x" },
        { abortSignal: AbortSignal.abort(new Error("stop")) },
      ),
    ).rejects.toThrow("stop");
    expect(tracker.waiting).toBe(0);
  });

  it("returns the parse error from handle without dispatching anything", () => {
    const tracker = new TransferOutcomeTracker();
    expect(tracker.handle("not json").error).toBeInstanceOf(TransferEventError);
  });
});
