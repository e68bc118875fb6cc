import { describe, expect, expectTypeOf, it } from "vitest";
import {
  AzureKeyCredential,
  CallAutomationClient,
  type TransferResult,
  type TransferToParticipantRequest,
  transferToParticipant,
} from "../src/index.js";
import { accepted, recordingFetch, status } from "./support/recording-fetch.js";

const ENDPOINT = "https://contoso.communication.azure.com";
const credential = new AzureKeyCredential(btoa("operation-functions-key"));
const target = { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } as const;

describe("the generated operation functions", () => {
  it("send what the method sends: one set of repeatability headers for the call, repeated on the retry", async () => {
    const fetch = recordingFetch((_request, attempt) => (attempt === 0 ? status(503) : accepted("ctx")));
    const client = new CallAutomationClient(ENDPOINT, credential, {
      fetch,
      apiVersion: "2024-09-15",
      retryOptions: { retryDelayInMs: 1 },
    });
    const result = await transferToParticipant(client, "call/1", { targetParticipant: target });
    expect(result.response.status).toBe(202);
    expect(result.data).toEqual({ operationContext: "ctx" });
    expect(result.callConnectionId).toBe("call/1");
    const [first, second] = fetch.requests;
    expect(first!.url).toBe(
      `${ENDPOINT}/calling/callConnections/call%2F1:transferToParticipant?api-version=2024-09-15`,
    );
    expect(first!.method).toBe("POST");
    expect(second!.headers.get("repeatability-request-id")).toBe(first!.headers.get("repeatability-request-id"));
    expect(second!.headers.get("repeatability-first-sent")).toBe(first!.headers.get("repeatability-first-sent"));
    expect(result.requestId).toBe(first!.headers.get("repeatability-request-id"));
    const sent = JSON.parse(new TextDecoder().decode(first!.body));
    expect(sent).toEqual({ targetParticipant: target, operationContext: result.operationContext });
    expect(result.operationContext).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("are typed by the client's api-version and error mode, like the method", () => {
    const pinned = new CallAutomationClient(ENDPOINT, credential, { apiVersion: "2024-09-15" });
    expectTypeOf<Parameters<typeof transferToParticipant<false, "2024-09-15">>[2]>().toEqualTypeOf<
      TransferToParticipantRequest<"2024-09-15">
    >();
    expectTypeOf(transferToParticipant(pinned, "c1", { targetParticipant: target })).resolves.toEqualTypeOf<
      TransferResult<false>
    >();
    const newer = { teamsPhoneCallDetails: {} };
    const check = () => {
      // @ts-expect-error Teams Phone call details came with 2026-03-12
      void transferToParticipant(pinned, "c1", { targetParticipant: target, customCallingContext: newer });
    };
    expectTypeOf(check).toBeFunction();
  });

  it("refuse something that is not a client", () => {
    expect(() => transferToParticipant({} as CallAutomationClient, "c1", { targetParticipant: target })).toThrow(
      "Not a CallAutomationClient",
    );
  });
});
