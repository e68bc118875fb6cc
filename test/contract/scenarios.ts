import { type Json, openapi30, transferOperation } from "../support/documents.js";

/**
 * A contract scenario: one exact transfer request and the exact answer the API gives. The
 * client-side tests check the client sends `request` for `call`; the server-side tests replay
 * `request` against the real server on a real port and expect `response`.
 */
export interface Scenario {
  name: string;
  /** What a caller asks for, in the client's terms. */
  call: { callConnectionId: string; body: Json; repeatability?: { requestId: string; firstSent: string } };
  /** The HTTP request that call becomes. */
  request: { method: "POST"; pathAndQuery: string; headers: Record<string, string>; body: Json };
  /** The answer. `errorTarget` names the field a 400 must point at. */
  response: { status: number; body?: Json; errorTarget?: string };
}

const API_VERSION = "2024-09-15";
const pathFor = (id: string) =>
  `/calling/callConnections/${encodeURIComponent(id)}:transferToParticipant?api-version=${API_VERSION}`;

/** Every request example in the spec becomes a 202 scenario that echoes its operationContext. */
function fromSpecExamples(): Scenario[] {
  const op = transferOperation(openapi30());
  const param = (name: string) => op.parameters.find((p: Json) => p.name === name)?.examples ?? {};
  const bodies = op.requestBody.content["application/json"].examples as Record<string, Json>;
  const responses = op.responses["202"].content["application/json"].examples as Record<string, Json>;
  return Object.entries(bodies).map(([name, example]) => {
    const callConnectionId = param("callConnectionId")[name].value as string;
    const requestId = param("Repeatability-Request-ID")[name]?.value as string | undefined;
    const firstSent = param("Repeatability-First-Sent")[name]?.value as string | undefined;
    const repeatability = requestId && firstSent ? { requestId, firstSent } : undefined;
    return {
      name: `spec example ${name}`,
      call: { callConnectionId, body: example.value, ...(repeatability ? { repeatability } : {}) },
      request: {
        method: "POST",
        pathAndQuery: pathFor(callConnectionId),
        headers: {
          "content-type": "application/json",
          ...(repeatability
            ? {
                "repeatability-request-id": repeatability.requestId,
                "repeatability-first-sent": repeatability.firstSent,
              }
            : {}),
        },
        body: example.value,
      },
      response: { status: 202, body: responses[name]!.value },
    };
  });
}

const user = (id: string) => ({ kind: "communicationUser", communicationUser: { id } });

/** Edge cases the examples do not cover. */
const EDGE_CASES: Scenario[] = [
  {
    name: "an id containing ':' and '/' survives as one path segment",
    call: {
      callConnectionId: "tenant:42/call",
      body: { targetParticipant: user("8:acs:x"), operationContext: "odd-id" },
    },
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/tenant%3A42%2Fcall:transferToParticipant?api-version=2024-09-15",
      headers: { "content-type": "application/json" },
      body: { targetParticipant: user("8:acs:x"), operationContext: "odd-id" },
    },
    response: { status: 202, body: { operationContext: "odd-id" } },
  },
  {
    name: "a body without targetParticipant is a 400 naming it",
    call: { callConnectionId: "call-1", body: { operationContext: "no-target" } },
    request: {
      method: "POST",
      pathAndQuery: pathFor("call-1"),
      headers: { "content-type": "application/json" },
      body: { operationContext: "no-target" },
    },
    response: { status: 400, errorTarget: "targetParticipant" },
  },
  {
    name: "a phone number that is not E.164 is a 400 naming the field",
    call: {
      callConnectionId: "call-2",
      body: {
        targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "555-0100" } },
        operationContext: "bad-phone",
      },
    },
    request: {
      method: "POST",
      pathAndQuery: pathFor("call-2"),
      headers: { "content-type": "application/json" },
      body: {
        targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "555-0100" } },
        operationContext: "bad-phone",
      },
    },
    response: { status: 400, errorTarget: "targetParticipant.phoneNumber.value" },
  },
  {
    name: "an unknown top-level property is a 400 naming it",
    call: {
      callConnectionId: "call-3",
      body: { targetParticipant: user("8:acs:y"), transferTo: "elsewhere", operationContext: "extra" },
    },
    request: {
      method: "POST",
      pathAndQuery: pathFor("call-3"),
      headers: { "content-type": "application/json" },
      body: { targetParticipant: user("8:acs:y"), transferTo: "elsewhere", operationContext: "extra" },
    },
    response: { status: 400, errorTarget: "transferTo" },
  },
];

export const SCENARIOS: Scenario[] = [...fromSpecExamples(), ...EDGE_CASES];
