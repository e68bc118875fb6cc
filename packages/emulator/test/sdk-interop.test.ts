import {
  CallAutomationClient,
  type CallAutomationClientOptions,
  type CallConnection,
} from "@azure/communication-call-automation";
import { isRestError, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackReceiver } from "./support/callback-receiver.js";
import { testEmulator } from "./support/emulators.js";
import { schemaErrors } from "./support/event-schema.js";

type Target = Parameters<CallConnection["transferCallToParticipant"]>[0];
type Options = NonNullable<Parameters<CallConnection["transferCallToParticipant"]>[1]>;

/**
 * The api-versions the SDK is run with: its default (no `apiVersion`: 1.6.0 sends 2026-03-12) and
 * pinned ones. The SDK reads `apiVersion` from its options at run time, but 1.6.0's
 * `CallAutomationClientOptions` type does not declare it, hence the widened type.
 */
const RUNS: { label: string; options: CallAutomationClientOptions & { apiVersion?: string }; sends: string }[] = [
  { label: "default", options: { allowInsecureConnection: true }, sends: "2026-03-12" },
  ...["2025-06-15", "2025-05-15", "2024-09-15"].map((apiVersion) => ({
    label: `pinned to ${apiVersion}`,
    options: { apiVersion, allowInsecureConnection: true },
    sends: apiVersion,
  })),
];

let emulator: Awaited<ReturnType<typeof testEmulator>>;
let receiver: CallbackReceiver;
/** The JSON bodies the official SDK put on the wire, captured by a pipeline policy. */
const sent: Record<string, any>[] = [];
/** The URLs it called. */
const urls: string[] = [];
const capture: PipelinePolicy = {
  name: "capture-request-body",
  sendRequest: async (request, next) => {
    urls.push(request.url);
    if (typeof request.body === "string") sent.push(JSON.parse(request.body));
    return next(request);
  },
};

beforeAll(async () => {
  emulator = await testEmulator();
  receiver = await CallbackReceiver.start();
});
afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

interface Case {
  name: string;
  target: Target;
  options: Options;
  rawId: string;
  /** What the SDK must have sent, beyond targetParticipant. */
  wire?: Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: "communication user, with operationContext and callback URL",
    target: { communicationUserId: "8:acs:11111111-1111-1111-1111-111111111111_00000001-aaaa-bbbb-cccc-000000000001" },
    options: { operationContext: "sdk-acs" },
    rawId: "8:acs:11111111-1111-1111-1111-111111111111_00000001-aaaa-bbbb-cccc-000000000001",
  },
  {
    name: "phone number, with transferee, SIP custom calling context and caller id",
    target: { phoneNumber: "+14255550123" },
    options: {
      operationContext: "sdk-phone",
      transferee: { phoneNumber: "+14255550199" },
      customCallingContext: [
        { kind: "sipuui", key: "", value: "0123456789abcdef" },
        { kind: "sipx", key: "Department", value: "billing" },
        { kind: "sipx", key: "Queue", value: "7", sipHeaderPrefix: "X-" },
      ],
      sourceCallIdNumber: { phoneNumber: "+14255550100" },
    },
    rawId: "4:+14255550123",
    wire: {
      transferee: { kind: "phoneNumber", phoneNumber: { value: "+14255550199" } },
      customCallingContext: {
        sipHeaders: { "User-To-User": "0123456789abcdef", "X-MS-Custom-Department": "billing", "X-Queue": "7" },
        voipHeaders: {},
      },
      sourceCallerIdNumber: { value: "+14255550100" },
    },
  },
  {
    name: "Teams user, with VoIP custom calling context",
    target: { microsoftTeamsUserId: "2c5c6b4e-8a9d-4f4e-9b1a-3e5f6a7b8c9d", cloud: "public" },
    options: {
      operationContext: "sdk-teams-user",
      customCallingContext: [{ kind: "voip", key: "ticket", value: "T-42" }],
    },
    rawId: "8:orgid:2c5c6b4e-8a9d-4f4e-9b1a-3e5f6a7b8c9d",
    wire: { customCallingContext: { voipHeaders: { ticket: "T-42" }, sipHeaders: {} } },
  },
  {
    name: "Teams app, with a communication user transferee",
    target: { teamsAppId: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", cloud: "gcch" },
    options: { operationContext: "sdk-teams-app", transferee: { communicationUserId: "8:acs:transferee" } },
    rawId: "28:gcch:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
    wire: { transferee: { kind: "communicationUser", communicationUser: { id: "8:acs:transferee" } } },
  },
];

describe.each(RUNS)(
  "official SDK (@azure/communication-call-automation 1.6.0), $label, against the emulator",
  ({ options: sdkOptions, sends }) => {
    let client: CallAutomationClient;
    beforeAll(() => {
      client = new CallAutomationClient(emulator.connectionString, {
        ...sdkOptions,
        additionalPolicies: [{ policy: capture, position: "perRetry" }],
      });
    });

    it.each(cases)("transfers to a $name", async ({ target, options, rawId, wire }) => {
      // Unique per run: the captured bodies and the deliveries are found by operationContext.
      const context = `${options.operationContext}-${sends}`;
      const callId = `sdk-call-${context}`;
      const result = await client.getCallConnection(callId).transferCallToParticipant(target, {
        ...options,
        operationContext: context,
        operationCallbackUrl: receiver.url(`/${context}`),
      });
      expect(result.operationContext).toBe(context);
      expect(urls).toContain(
        `${emulator.endpoint}calling/callConnections/${callId}:transferToParticipant?api-version=${sends}`,
      );

      const body = sent.find((b) => b.operationContext === context);
      expect(body?.targetParticipant.rawId).toBe(rawId);
      expect(body).toMatchObject({ operationCallbackUri: receiver.url(`/${context}`), ...wire });

      const callback = await receiver.waitForDelivery(context);
      expect(callback.path).toBe(`/${context}`);
      const [event] = callback.body as any[];
      // Shaped by, and valid in, the version the SDK sent.
      expect(schemaErrors("TransferEvent", event, sends)).toEqual([]);
      expect(event.type).toBe("Microsoft.Communication.CallTransferAccepted");
      expect(event.data).toMatchObject({
        callConnectionId: callId,
        operationContext: context,
        transferTarget: { rawId },
      });
    });

    it("gets the operationContext the SDK generates when none is given, and the event carries it", async () => {
      const result = await client
        .getCallConnection(`sdk-call-generated-context-${sends}`)
        .transferCallToParticipant({ communicationUserId: "8:acs:someone" }, { operationCallbackUrl: receiver.url() });
      expect(result.operationContext).toMatch(/^[0-9a-f-]{36}$/);
      await receiver.waitForDelivery(result.operationContext!);
    });

    it("reports a failing target with CallTransferFailed", async () => {
      await client
        .getCallConnection(`sdk-call-failing-${sends}`)
        .transferCallToParticipant(
          { phoneNumber: "+14255550000" },
          { operationContext: `sdk-fails-${sends}`, operationCallbackUrl: receiver.url() },
        );
      const event = await receiver.waitForEvent(`sdk-fails-${sends}`);
      expect(schemaErrors("TransferEvent", event, sends)).toEqual([]);
      expect(event.type).toBe("Microsoft.Communication.CallTransferFailed");
      expect(event.data.resultInformation).toMatchObject({ code: 480, subCode: 10037 });
    });

    it("surfaces a 409 RestError for a second transfer while the first is in progress", async () => {
      const slow = await testEmulator({ transferDelayMs: 3_600_000 });
      try {
        const slowClient = new CallAutomationClient(slow.connectionString, sdkOptions);
        const call = slowClient.getCallConnection("sdk-busy");
        await call.transferCallToParticipant(
          { communicationUserId: "8:acs:first" },
          { operationCallbackUrl: receiver.url() },
        );
        const error = await call
          .transferCallToParticipant({ communicationUserId: "8:acs:second" })
          .catch((e: unknown) => e);
        expect(isRestError(error)).toBe(true);
        expect(error).toMatchObject({ statusCode: 409, code: "TransferInProgress" });
      } finally {
        await slow.close();
      }
    });

    it("surfaces a wrong access key as a 401 RestError", async () => {
      const wrongKey = emulator.connectionString.replace(
        /accesskey=.*$/,
        `accesskey=${Buffer.from("wrong key").toString("base64")}`,
      );
      const badClient = new CallAutomationClient(wrongKey, sdkOptions);
      const error = await badClient
        .getCallConnection("sdk-call-unauthorized")
        .transferCallToParticipant({ communicationUserId: "8:acs:x" })
        .catch((e: unknown) => e);
      expect(isRestError(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 401, code: "Unauthorized" });
    });
  },
);
