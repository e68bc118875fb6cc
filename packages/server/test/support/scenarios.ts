import type { Scenario } from "../../../../test/contract/scenarios.js";
import { errorResponse, type OperationHandlers } from "../../src/index.js";
import { ACCESS_KEY, signRequest } from "./signing.js";

export const TRANSFER_PATH =
  "/calling/callConnections/18dea47f-b081-4107-9a5c-4300819d2c6c:transferToParticipant?api-version=2024-09-15";

export const UPSTREAM_EXAMPLE = {
  targetParticipant: {
    kind: "communicationUser",
    communicationUser: { id: "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_da7be3a9-8788-42a6-85c6-56b2cf784fce" },
  },
  transferee: {
    kind: "communicationUser",
    communicationUser: { id: "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_ae9e3307-f56e-44be-8934-80a63f080538" },
  },
  operationCallbackUri: "https://app.contoso.com/callback",
  operationContext: "trasferring call",
};

const json = { "content-type": "application/json" };

/** Handlers for the scenarios: echo the operationContext; "unknown-call" is a 404 like the real service's. */
export const echoHandlers: OperationHandlers = {
  transferToParticipant(input) {
    if (input.path.callConnectionId === "unknown-call")
      return errorResponse(404, "CallNotFound", "The call connection does not exist.", "callConnectionId");
    const body: { operationContext?: string } = {};
    if (input.body.operationContext !== undefined) body.operationContext = input.body.operationContext;
    return { status: 202, body, headers: { "x-call-connection-id": encodeURIComponent(input.path.callConnectionId) } };
  },
};

export const scenarios: Scenario[] = [
  {
    name: "the upstream example is accepted with 202 and its operationContext echoed",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 202, body: { operationContext: "trasferring call" } },
  },
  {
    name: "an id holding an encoded ':' and '/' routes, and the handler gets it decoded",
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/a%3Ab%2Fc:transferToParticipant?api-version=2024-09-15",
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 202, headers: { "x-call-connection-id": encodeURIComponent("a:b/c") } },
  },
  {
    name: "another verb after the colon (:mute) is 404 in the API format",
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/abc:mute?api-version=2024-09-15",
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 404, code: "NotFound" },
  },
  {
    name: "GET on the transfer path is 405 with Allow: POST",
    request: {
      method: "GET",
      pathAndQuery: TRANSFER_PATH,
      sign: true,
    },
    response: { status: 405, code: "MethodNotAllowed", headers: { allow: "POST" } },
  },
  {
    name: "a missing api-version is 400 listing the supported versions",
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/abc:transferToParticipant",
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 400, code: "MissingApiVersion", target: "api-version" },
  },
  {
    name: "an unsupported api-version is 400 listing the supported versions",
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/abc:transferToParticipant?api-version=2025-01-01",
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 400, code: "UnsupportedApiVersion", target: "api-version" },
  },
  {
    name: "a phone number that is not E.164 is 400 naming the field",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: json,
      body: JSON.stringify({ targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "0800 123" } } }),
      sign: true,
    },
    response: { status: 400, code: "BadRequest", target: "targetParticipant.phoneNumber.value" },
  },
  {
    name: "a body without targetParticipant is 400 naming it",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: json,
      body: JSON.stringify({ operationContext: "x" }),
      sign: true,
    },
    response: { status: 400, code: "BadRequest", target: "targetParticipant" },
  },
  {
    name: "a text/plain body is 415",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 415, code: "UnsupportedMediaType" },
  },
  {
    name: "malformed JSON is 400 InvalidJson",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: json,
      body: '{"targetParticipant": {',
      sign: true,
    },
    response: { status: 400, code: "InvalidJson", target: "body" },
  },
  {
    name: "a body over 64 KiB is 413",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: json,
      body: JSON.stringify({ ...UPSTREAM_EXAMPLE, operationContext: "x".repeat(70_000) }),
      sign: true,
    },
    response: { status: 413, code: "PayloadTooLarge" },
  },
  {
    name: "an unsigned request is 401 with a challenge",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    },
    response: { status: 401, code: "Unauthorized", headers: { "www-authenticate": /HMAC-SHA256/ } },
  },
  {
    name: "a request signed with another key is 401",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: {
        ...json,
        ...signRequest({
          method: "POST",
          url: `http://127.0.0.1${TRANSFER_PATH}`,
          body: JSON.stringify(UPSTREAM_EXAMPLE),
          accessKey: Buffer.from("another key").toString("base64"),
        }),
      },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    },
    response: { status: 401, code: "Unauthorized" },
  },
  {
    name: "a valid bearer token is accepted",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: { ...json, authorization: "Bearer good-token" },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    },
    response: { status: 202 },
  },
  {
    name: "a rejected bearer token is 401",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: { ...json, authorization: "Bearer bad-token" },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    },
    response: { status: 401, code: "Unauthorized" },
  },
  {
    name: "a handler's error result (unknown call) is answered in the API format",
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/unknown-call:transferToParticipant?api-version=2024-09-15",
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 404, code: "CallNotFound", target: "callConnectionId" },
  },
  {
    name: "Repeatability-Request-ID without Repeatability-First-Sent is 400 rejected",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: { ...json, "repeatability-request-id": "0f5e2c1a-6b7d-4e8f-9a0b-1c2d3e4f5a6b" },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 400, target: "Repeatability-First-Sent", headers: { "repeatability-result": "rejected" } },
  },
  {
    name: "a Repeatability-Request-ID that is not a UUID is 400 naming the header",
    request: {
      method: "POST",
      pathAndQuery: TRANSFER_PATH,
      headers: {
        ...json,
        "repeatability-request-id": "not-a-uuid",
        "repeatability-first-sent": new Date().toUTCString(),
      },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
      sign: true,
    },
    response: { status: 400, code: "BadRequest", target: "Repeatability-Request-ID" },
  },
];

/** Sends a scenario to a server and returns the response with its parsed body. */
export async function send(
  base: string,
  scenario: Scenario,
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const { method, pathAndQuery, body } = scenario.request;
  const headers: Record<string, string> = { ...scenario.request.headers };
  if (scenario.request.sign)
    Object.assign(
      headers,
      signRequest({
        method,
        url: base + pathAndQuery,
        body: body ?? "",
        accessKey: ACCESS_KEY,
      }),
    );
  const response = await fetch(base + pathAndQuery, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, json: parsed, text };
}
