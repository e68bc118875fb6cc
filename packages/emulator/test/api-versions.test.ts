import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator.js";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { testEmulator } from "./support/emulators.js";
import { schemaErrors } from "./support/event-schema.js";
import { postTransfer } from "./support/signed-request.js";

// The emulator takes every api-version, validates each request against its own version and
// delivers events shaped by the version of the request that caused them.
const VERSIONS = ["2023-03-06", "2023-10-15", "2024-04-15", "2024-09-15", "2025-05-15", "2025-06-15", "2026-03-12"];

let emulator: Emulator;
let receiver: CallbackReceiver;
beforeAll(async () => {
  receiver = await CallbackReceiver.start();
  // 2023-03-06 has no operationCallbackUri: the events go where the call's callback URI points.
  emulator = await testEmulator({ calls: { defaultCallbackUri: receiver.url() } });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const user = (id: string) => ({ kind: "communicationUser", communicationUser: { id } });
const transfer = (apiVersion: string, callId: string, body: unknown) =>
  postTransfer(emulator.endpoint, emulator.config.accessKey, callId, body, { apiVersion });

async function eventFor(apiVersion: string, callId: string, target: string): Promise<Record<string, any>> {
  const operationContext = `${callId}-${apiVersion}`;
  const answer = await transfer(apiVersion, `${callId}-${apiVersion}`, {
    targetParticipant: user(target),
    operationContext,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  const event = await receiver.waitForEvent(operationContext);
  // Valid by that version's event schema (its objects are closed: no field of a later version).
  expect(schemaErrors("TransferEvent", event, apiVersion)).toEqual([]);
  return event!;
}

describe("emulator: every api-version", () => {
  it.each(VERSIONS)("%s: an accepted transfer's event has what that version's event declares", async (apiVersion) => {
    const event = await eventFor(apiVersion, "accepted", "8:acs:target");
    expect(event.type).toBe("Microsoft.Communication.CallTransferAccepted");
    // transferTarget arrived in 2023-10-15's event.
    if (apiVersion === "2023-03-06") expect(event.data).not.toHaveProperty("transferTarget");
    else expect(event.data.transferTarget).toMatchObject({ communicationUser: { id: "8:acs:target" } });
  });

  it.each(VERSIONS)("%s: a failed transfer's result carries SIP details only from 2024-09-15", async (apiVersion) => {
    const event = await eventFor(apiVersion, "failed", "8:acs:please-fail");
    expect(event.type).toBe("Microsoft.Communication.CallTransferFailed");
    expect(event.data.resultInformation).toMatchObject({ code: 480, subCode: 10037 });
    if (apiVersion < "2024-09-15") expect(event.data.resultInformation).not.toHaveProperty("sipDetails");
    else expect(event.data.resultInformation.sipDetails).toEqual({ code: 480, message: "Temporarily Unavailable" });
  });

  it("refuses a field of a later version, naming it and the version", async () => {
    const answer = await transfer("2024-04-15", "too-new", {
      targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550100" } },
      sourceCallerIdNumber: { value: "+14255550199" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe("sourceCallerIdNumber");
    expect(answer.body.error.message).toContain("api-version 2024-04-15");
  });
});
