import { randomBytes } from "node:crypto";
import { createTransferService, listen, type RunningServer, silentLogger } from "@transfer-call/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureKeyCredential, CallAutomationClient, type TransferToParticipantRequest } from "../src/index.js";

// The types say what the server accepts (public-types.test.ts checks the types): a sealed model
// rejects an unknown property with a 400 for callers the types do not reach, and an open one
// (an identifier) lets it through.
const KEY = randomBytes(32).toString("base64");
let server: RunningServer;
let client: CallAutomationClient;

beforeAll(async () => {
  const service = createTransferService({
    handlers: {
      transferToParticipant: ({ body }) => ({ status: 202, body: { operationContext: body.operationContext } }),
    },
    auth: { accessKey: KEY },
    logger: silentLogger,
  });
  server = await listen(service, { host: "127.0.0.1", port: 0 });
  client = new CallAutomationClient(server.url, new AzureKeyCredential(KEY), { allowInsecureConnection: true });
});
afterAll(() => server.close());

const target = { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } };

describe("exact request types against the real server stub", () => {
  it("answers 400 UnknownProperty to a misspelt property a JavaScript caller sends in a sealed model", async () => {
    const untyped = { targetParticipant: target, operationCallbakUri: "https://app.example.com/cb" };
    const result = await client.transferToParticipant("c1", untyped as TransferToParticipantRequest);
    expect(result.response.status).toBe(400);
    expect(result.error?.error.target).toBe("operationCallbakUri");
    expect(result.error?.error.details).toContainEqual(
      expect.objectContaining({ code: "UnknownProperty", target: "operationCallbakUri" }),
    );
  });

  it("accepts extra fields in an identifier, which the spec leaves open", async () => {
    const result = await client.transferToParticipant("c1", {
      targetParticipant: { ...target, rawId: "4:+14255550123", laterVersionField: true },
    });
    expect(result.response.status).toBe(202);
  });
});
