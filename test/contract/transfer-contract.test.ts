import { type ApiVersion, CallAutomationClient, type TransferToParticipantRequest } from "@transfer-call/client";
import { createTransferService, listen, type OperationHandlers, type RunningServer } from "@transfer-call/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallScenario, SCENARIOS } from "./scenarios.js";

/** The smallest business logic: accept every transfer and echo its operationContext. */
const echo: OperationHandlers = {
  transferToParticipant: async ({ body }) => ({ status: 202, body: { operationContext: body.operationContext } }),
};

let server: RunningServer;
/** Per api-version: each version's repeatable example reuses the same Repeatability-Request-ID. */
const asOfExamples = new Map<string, Promise<RunningServer>>();

const serve = (now?: () => number) =>
  listen(createTransferService({ handlers: echo, auth: false, ...(now ? { now } : {}) }), {
    host: "127.0.0.1",
    port: 0,
  });

beforeAll(async () => {
  server = await serve();
});
afterAll(async () => {
  await server.close();
  for (const running of asOfExamples.values()) await (await running).close();
});

/**
 * The spec's repeatable examples were first sent on 2024-09-15. The service rejects a
 * Repeatability-First-Sent older than it remembers requests for, so scenarios with fixed
 * repeatability headers are replayed against a server whose clock reads that day, one per
 * api-version (the examples of all versions share their Repeatability-Request-ID).
 */
async function serverFor(s: CallScenario): Promise<RunningServer> {
  if (!s.call.repeatability) return server;
  let running = asOfExamples.get(s.call.apiVersion);
  if (!running) {
    running = serve(() => Date.parse("2024-09-15T08:50:00Z"));
    asOfExamples.set(s.call.apiVersion, running);
  }
  return running;
}

function clientWith(apiVersion: ApiVersion, fetch?: typeof globalThis.fetch, target: RunningServer = server) {
  return new CallAutomationClient(
    target.url,
    { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }) },
    {
      apiVersion,
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
      ...(fetch ? { fetch } : {}),
    },
  );
}

function callOptions(s: CallScenario) {
  return s.call.repeatability
    ? { repeatabilityRequestId: s.call.repeatability.requestId, repeatabilityFirstSent: s.call.repeatability.firstSent }
    : {};
}

describe("client side: each scenario's call becomes exactly its request", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    let sent: Request | undefined;
    const capture: typeof globalThis.fetch = async (input, init) => {
      sent = new Request(input, init);
      return new Response(JSON.stringify({ operationContext: scenario.call.body.operationContext }), {
        status: 202,
        headers: { "content-type": "application/json" },
      });
    };
    await clientWith(scenario.call.apiVersion, capture).transferToParticipant(
      scenario.call.callConnectionId,
      scenario.call.body as TransferToParticipantRequest,
      callOptions(scenario),
    );
    const url = new URL(sent!.url);
    expect(sent!.method).toBe(scenario.request.method);
    expect(url.pathname + url.search).toBe(scenario.request.pathAndQuery);
    expect(await sent!.json()).toEqual(JSON.parse(scenario.request.body!));
    for (const [name, value] of Object.entries(scenario.request.headers ?? {})) {
      expect(sent!.headers.get(name), name).toBe(value);
    }
  });
});

describe("server side: each scenario's request, replayed on a real port, gets its response", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const response = await fetch((await serverFor(scenario)).url + scenario.request.pathAndQuery, {
      method: scenario.request.method,
      headers: scenario.request.headers ?? {},
      body: scenario.request.body ?? null,
    });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(scenario.response.status);
    if (scenario.response.body) expect(body).toEqual(scenario.response.body);
    if (scenario.response.target) {
      expect(body.error.code).toEqual(expect.any(String));
      expect(body.error.target).toBe(scenario.response.target);
    }
  });
});

describe("end to end: the client sends each scenario to the server", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const result = await clientWith(
      scenario.call.apiVersion,
      undefined,
      await serverFor(scenario),
    ).transferToParticipant(
      scenario.call.callConnectionId,
      scenario.call.body as TransferToParticipantRequest,
      callOptions(scenario),
    );
    expect(result.response.status).toBe(scenario.response.status);
    if (scenario.response.status === 202) {
      expect(result.error).toBeUndefined();
      expect(result.data).toEqual(scenario.response.body);
      expect(result.data?.operationContext).toBe(scenario.call.body.operationContext);
    } else {
      expect(result.data).toBeUndefined();
      expect(result.error?.error.target).toBe(scenario.response.target);
    }
  });
});

describe("the colon path at the server", () => {
  it.each([
    ["/calling/callConnections/abc:mute?api-version=2024-09-15", 404],
    ["/calling/callConnections/abc:transferToParticipantX?api-version=2024-09-15", 404],
    ["/calling/callConnections/abc/transferToParticipant?api-version=2024-09-15", 404],
  ])("%s is %i in the API's error format", async (pathAndQuery, status) => {
    const response = await fetch(server.url + pathAndQuery, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetParticipant: { kind: "communicationUser", communicationUser: { id: "8:acs:x" } } }),
    });
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toEqual(expect.any(String));
  });
});
