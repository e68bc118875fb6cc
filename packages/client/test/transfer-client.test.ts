import { randomBytes } from "node:crypto";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AzureKeyCredential,
  CallAutomationClient,
  CallAutomationError,
  createRawClient,
  type paths,
  type TransferToParticipantRequest,
} from "../src/index.js";
import { type ReceivedRequest, sendJson, startServer } from "./support/local-server.js";

const KEY = randomBytes(32).toString("base64");
type Reply = (req: ReceivedRequest, res: import("node:http").ServerResponse) => void;
let reply: Reply = (_req, res) => sendJson(res, 202, { operationContext: "echo" });
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer((req, res) => reply(req, res));
});
afterAll(() => server.close());

const REQUEST: TransferToParticipantRequest = {
  targetParticipant: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
  sourceCallerIdNumber: { value: "+14255550100" },
  customCallingContext: { sipHeaders: { "X-MS-Custom-tag": "vip" }, voipHeaders: {} },
  operationCallbackUri: "https://app.example.com/callbacks",
  operationContext: "ctx-1",
};

function connectionString() {
  return `endpoint=${server.url}/;accesskey=${KEY}`;
}

describe("transferToParticipant against a real HTTP server", () => {
  it("sends the spec's request: literal colon path, encoded id, api-version, JSON body, repeatability headers", async () => {
    reply = (req, res) => sendJson(res, 202, { operationContext: JSON.parse(req.body.toString()).operationContext });
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const result = await client.transferToParticipant("id:with/slash", REQUEST);
    const received = server.received.at(-1)!;
    expect(received.method).toBe("POST");
    expect(received.pathAndQuery).toBe(
      "/calling/callConnections/id%3Awith%2Fslash:transferToParticipant?api-version=2026-03-12",
    );
    expect(received.headers["content-type"]).toBe("application/json");
    expect(received.headers["repeatability-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(received.headers["repeatability-first-sent"]).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
    expect(received.headers.authorization).toMatch(
      /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=/,
    );
    expect(JSON.parse(received.body.toString())).toEqual(REQUEST);
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ operationContext: "ctx-1" });
    expect(result).toMatchObject({ operationContext: "ctx-1", callConnectionId: "id:with/slash" });
  });

  it("sends the same request openapi-fetch builds from the generated paths", async () => {
    reply = (_req, res) => sendJson(res, 202, {});
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    await client.transferToParticipant("a b:c", REQUEST, {
      repeatabilityRequestId: "0f8fad5b-d9cb-469f-a165-70867728950e",
    });
    const ours = server.received.at(-1)!;
    const plain = createClient<paths>({ baseUrl: server.url });
    await plain.POST("/calling/callConnections/{callConnectionId}:transferToParticipant", {
      params: { path: { callConnectionId: "a b:c" }, query: { "api-version": "2026-03-12" } },
      body: REQUEST,
    });
    const theirs = server.received.at(-1)!;
    expect(ours.pathAndQuery).toBe(theirs.pathAndQuery);
    expect(JSON.parse(ours.body.toString())).toEqual(JSON.parse(theirs.body.toString()));
  });

  it("fills operationContext with a UUID when the caller gives none, and returns it for correlation", async () => {
    reply = (_req, res) => sendJson(res, 202, {});
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const { operationContext: _omit, ...withoutContext } = REQUEST;
    const result = await client.transferToParticipant("c1", withoutContext);
    const sent = JSON.parse(server.received.at(-1)!.body.toString());
    expect(sent.operationContext).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.operationContext).toBe(sent.operationContext);
  });

  it("treats a 202 with no body as data {}", async () => {
    reply = (_req, res) => {
      res.writeHead(202);
      res.end();
    };
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const result = await client.transferToParticipant("c1", REQUEST);
    expect(result.data).toEqual({});
    expect(result.error).toBeUndefined();
  });

  it("returns the spec's error body as a value", async () => {
    const body = {
      error: { code: "BadRequest", message: "targetParticipant is invalid", target: "targetParticipant", details: [] },
    };
    reply = (_req, res) => sendJson(res, 400, body, { "x-ms-request-id": "srv-1" });
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const result = await client.transferToParticipant("c1", REQUEST);
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(body);
    expect(result.response.status).toBe(400);
  });

  it("turns a non-JSON error body into an UnexpectedResponse error value", async () => {
    reply = (_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<h1>Not here</h1>");
    };
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const result = await client.transferToParticipant("c1", REQUEST);
    expect(result.error).toEqual({
      error: { code: "UnexpectedResponse", message: "HTTP 404 Not Found: <h1>Not here</h1>" },
    });
  });

  it("turns a 2xx other than 202 into an error, as the spec and the official SDK do", async () => {
    reply = (_req, res) => sendJson(res, 200, { hello: 1 });
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const result = await client.transferToParticipant("c1", REQUEST);
    expect(result.error?.error.code).toBe("UnexpectedResponse");
  });

  it("throws one error class with status, code, message, target, details and request ids when asked to", async () => {
    const detail = { code: "InvalidFormat", message: "not E.164", target: "targetParticipant.phoneNumber.value" };
    reply = (_req, res) =>
      sendJson(
        res,
        400,
        { error: { code: "BadRequest", message: "invalid", target: "targetParticipant", details: [detail] } },
        { "x-ms-request-id": "srv-9" },
      );
    const client = new CallAutomationClient(server.url, new AzureKeyCredential(KEY), {
      allowInsecureConnection: true,
      throwOnError: true,
    });
    const failure = await client.transferToParticipant("c1", REQUEST).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CallAutomationError);
    const error = failure as CallAutomationError;
    expect(error).toMatchObject({
      status: 400,
      code: "BadRequest",
      message: "invalid",
      target: "targetParticipant",
      serverRequestId: "srv-9",
    });
    expect(error.details).toEqual([detail]);
    expect(error.requestId).toBe(server.received.at(-1)!.headers["repeatability-request-id"]);
  });

  it("exposes the raw typed openapi-fetch client, sending the way the client does", async () => {
    reply = (_req, res) => sendJson(res, 202, { operationContext: "raw" });
    const client = new CallAutomationClient(connectionString(), { allowInsecureConnection: true });
    const { data, error } = await createRawClient(client).POST(
      "/calling/callConnections/{callConnectionId}:transferToParticipant",
      {
        params: { path: { callConnectionId: "c1" }, query: { "api-version": "2026-03-12" } },
        body: REQUEST,
      },
    );
    expect(error).toBeUndefined();
    expect(data).toEqual({ operationContext: "raw" });
    expect(server.received.at(-1)!.headers.authorization).toMatch(/^HMAC-SHA256 /);
  });

  it("reports a refused connection as a NetworkError after its retries", async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const client = new CallAutomationClient(`endpoint=${closed.url};accesskey=${KEY}`, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 1, retryDelayInMs: 1 },
    });
    await expect(client.transferToParticipant("c1", REQUEST)).rejects.toMatchObject({
      name: "CallAutomationError",
      code: "NetworkError",
    });
  });
});
