import { describe, expectTypeOf, it } from "vitest";
import {
  type CallTransferAccepted,
  type CallTransferFailed,
  parseTransferEvents,
  type TransferEvent,
  type TransferEventType,
} from "../src/events.js";
import type { components } from "../src/generated/openapi.gen.js";
import {
  type ApiVersion,
  CallAutomationClient,
  type CallAutomationError,
  type CommunicationErrorResponse,
  type CommunicationIdentifierModel,
  createRawClient,
  type TransferAccepted,
  type TransferCallResponse,
  type TransferResult,
  type TransferToParticipantRequest,
} from "../src/index.js";

const key = { key: "a2V5" };

describe("public types", () => {
  it("types requests, results and errors from the spec", () => {
    expectTypeOf<TransferToParticipantRequest>().toEqualTypeOf<components["schemas"]["TransferToParticipantRequest"]>();
    expectTypeOf<ApiVersion>().toEqualTypeOf<
      "2023-03-06" | "2023-10-15" | "2024-04-15" | "2024-09-15" | "2025-05-15" | "2025-06-15" | "2026-03-12"
    >();
    const client = new CallAutomationClient("https://x", key);
    type Result = Awaited<ReturnType<typeof client.transferToParticipant>>;
    expectTypeOf<Result>().toEqualTypeOf<TransferResult<false>>();
    expectTypeOf<Result["error"]>().toEqualTypeOf<CommunicationErrorResponse | undefined>();
    expectTypeOf<Result["data"]>().toEqualTypeOf<TransferCallResponse | undefined>();
    expectTypeOf<Result["response"]>().toEqualTypeOf<Response>();
  });

  it("narrows data and error against each other", () => {
    const handle = (result: TransferResult) => {
      if (result.error) {
        expectTypeOf(result.data).toEqualTypeOf<undefined>();
        expectTypeOf(result.error.error.code).toEqualTypeOf<string>();
      } else {
        expectTypeOf(result.data).toEqualTypeOf<TransferCallResponse>();
      }
    };
    expectTypeOf(handle).toBeFunction();
  });

  it("drops the error branch when the client throws on error", () => {
    const throwing = new CallAutomationClient("https://x", key, { throwOnError: true });
    expectTypeOf(throwing).toEqualTypeOf<CallAutomationClient<true>>();
    expectTypeOf<Awaited<ReturnType<typeof throwing.transferToParticipant>>>().toEqualTypeOf<TransferAccepted>();
    expectTypeOf<CallAutomationError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CallAutomationError["details"]>().toEqualTypeOf<
      readonly components["schemas"]["CommunicationError"][]
    >();
  });

  it("rejects what the spec does not allow", () => {
    const client = new CallAutomationClient("https://x", key);
    const check = () => {
      // @ts-expect-error targetParticipant is required
      void client.transferToParticipant("c1", {});
      // @ts-expect-error the api-version is one the spec describes
      new CallAutomationClient("https://x", key, { apiVersion: "2023-01-01" });
      // @ts-expect-error a credential is a key or token credential
      new CallAutomationClient("https://x", { secret: "x" }, {});
      // @ts-expect-error the retry option names follow the official SDK
      new CallAutomationClient("https://x", key, { retryOptions: { retries: 3 } });
      const raw = createRawClient(client);
      // @ts-expect-error paths come from the generated OpenAPI types
      void raw.POST("/calling/callConnections/{callConnectionId}:mute", {} as never);
      void raw.POST("/calling/callConnections/{callConnectionId}:transferToParticipant", {
        // @ts-expect-error api-version is required and typed
        params: { path: { callConnectionId: "c1" }, query: {} },
        body: { targetParticipant: {} },
      });
    };
    expectTypeOf(check).toBeFunction();
  });

  it("seals the models the spec seals and leaves open the ones it leaves open", () => {
    const client = new CallAutomationClient("https://x", key);
    const target = { kind: "phoneNumber", phoneNumber: { value: "+14255550100" } };
    // The request is sealed (additionalProperties: false): exactly its declared keys, no index signature.
    expectTypeOf<keyof TransferToParticipantRequest>().toEqualTypeOf<
      | "targetParticipant"
      | "operationContext"
      | "transferee"
      | "operationCallbackUri"
      | "customCallingContext"
      | "sourceCallerIdNumber"
    >();
    // Identifiers are open, as upstream: the index signature says so, and extra fields type-check.
    expectTypeOf<CommunicationIdentifierModel["somethingNewer"]>().toEqualTypeOf<unknown>();
    const check = () => {
      void client.transferToParticipant("c1", {
        targetParticipant: target,
        // @ts-expect-error a misspelt property of a sealed model is a type error (the server answers 400 UnknownProperty)
        operationCallbakUri: "https://app.example.com/cb",
      });
      void client.transferToParticipant("c1", { targetParticipant: { ...target, rawId: "4:+14255550100", extra: 1 } });
    };
    expectTypeOf(check).toBeFunction();
  });

  it("types requests by the client's api-version, the newest by default", () => {
    const newest = new CallAutomationClient("https://x", key);
    expectTypeOf(newest.apiVersion).toEqualTypeOf<"2026-03-12">();
    const pinned = new CallAutomationClient("https://x", key, { apiVersion: "2024-09-15" });
    expectTypeOf(pinned.apiVersion).toEqualTypeOf<"2024-09-15">();
    expectTypeOf<Parameters<typeof pinned.transferToParticipant>[1]>().toEqualTypeOf<
      TransferToParticipantRequest<"2024-09-15">
    >();
    const target = { kind: "phoneNumber", phoneNumber: { value: "+14255550100" } };
    const teamsPhone = { teamsPhoneCallDetails: { sessionId: "s1" } };
    const check = () => {
      // Teams Phone call details are a 2026-03-12 field: fine with the default version...
      void newest.transferToParticipant("c1", { targetParticipant: target, customCallingContext: teamsPhone });
      // @ts-expect-error ...and a type error with a client pinned to 2024-09-15
      void pinned.transferToParticipant("c1", { targetParticipant: target, customCallingContext: teamsPhone });
      const old = new CallAutomationClient("https://x", key, { apiVersion: "2023-03-06" });
      void old.transferToParticipant("c1", { targetParticipant: target, customContext: { sipHeaders: {} } });
      // @ts-expect-error 2023-03-06 calls it customContext; customCallingContext came with 2023-10-15
      void old.transferToParticipant("c1", { targetParticipant: target, customCallingContext: {} });
    };
    expectTypeOf(check).toBeFunction();
  });

  it("narrows events by type, with data typed from the spec", () => {
    expectTypeOf<TransferEventType>().toEqualTypeOf<
      "Microsoft.Communication.CallTransferAccepted" | "Microsoft.Communication.CallTransferFailed"
    >();
    const result = parseTransferEvents([]);
    for (const event of result.events ?? []) {
      expectTypeOf(event).toEqualTypeOf<TransferEvent>();
      if (event.type === "Microsoft.Communication.CallTransferAccepted")
        expectTypeOf(event.data).toEqualTypeOf<CallTransferAccepted>();
      else expectTypeOf(event.data).toEqualTypeOf<CallTransferFailed>();
      // @ts-expect-error no other event types
      if (event.type === "Microsoft.Communication.CallConnected") continue;
    }
  });
});
