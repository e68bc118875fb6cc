import { type Json, transferOperation } from "../support/documents.js";
import { type ApiVersion, versionedDocuments } from "../support/versioned-documents.js";

/**
 * A contract scenario: one exact request and the exact answer the API gives. The one scenario type
 * of the repo: the spec-derived scenarios below are replayed from the client and against the
 * server (test/contract/transfer-contract.test.ts, and through both server adapters); the server's
 * own cases (packages/server/test/support/scenarios.ts) are written in it too.
 */
export interface Scenario {
  name: string;
  /**
   * What a caller asks for, in the client's terms: the client-side tests check the client sends
   * `request` for it. Absent for requests the client never sends (another verb, no signature,
   * a malformed body).
   */
  call?: {
    /** The api-version the client is pinned to (the request's `api-version`). */
    apiVersion: ApiVersion;
    callConnectionId: string;
    body: Json;
    repeatability?: { requestId: string; firstSent: string };
  };
  /** The HTTP request, byte for byte in its body. */
  request: {
    method: string;
    pathAndQuery: string;
    headers?: Record<string, string>;
    body?: string;
    /** Signed (HMAC-SHA256, with the replaying suite's access key) just before it is sent. */
    sign?: boolean;
  };
  /** The answer. `code` and `target` are those of the `{"error":{...}}` body a 4xx carries. */
  response: {
    status: number;
    body?: Json;
    code?: string;
    target?: string;
    headers?: Record<string, string | RegExp>;
  };
}

/** A scenario a client can make: it has a `call`. */
export type CallScenario = Scenario & Required<Pick<Scenario, "call">>;

/** The api-version the edge cases are written in. */
const API_VERSION = "2024-09-15";
const pathFor = (id: string, apiVersion: string = API_VERSION) =>
  `/calling/callConnections/${encodeURIComponent(id)}:transferToParticipant?api-version=${apiVersion}`;

/**
 * Every request example of every api-version becomes a 202 scenario that echoes its
 * operationContext, sent with that version's api-version.
 */
function fromSpecExamples(): CallScenario[] {
  return [...versionedDocuments()].flatMap(([apiVersion, docs]) =>
    fromVersionExamples(apiVersion as ApiVersion, docs["3.0.0"]),
  );
}

function fromVersionExamples(apiVersion: ApiVersion, doc: Json): CallScenario[] {
  const op = transferOperation(doc);
  const param = (name: string) => op.parameters.find((p: Json) => p.name === name)?.examples ?? {};
  const bodies = op.requestBody.content["application/json"].examples as Record<string, Json>;
  const responses = op.responses["202"].content["application/json"].examples as Record<string, Json>;
  return Object.entries(bodies).map(([name, example]) => {
    const callConnectionId = param("callConnectionId")[name].value as string;
    const requestId = param("Repeatability-Request-ID")[name]?.value as string | undefined;
    const firstSent = param("Repeatability-First-Sent")[name]?.value as string | undefined;
    const repeatability = requestId && firstSent ? { requestId, firstSent } : undefined;
    return {
      name: `spec example ${name} (${apiVersion})`,
      call: { apiVersion, callConnectionId, body: example.value, ...(repeatability ? { repeatability } : {}) },
      request: {
        method: "POST",
        pathAndQuery: pathFor(callConnectionId, apiVersion),
        headers: {
          "content-type": "application/json",
          ...(repeatability
            ? {
                "repeatability-request-id": repeatability.requestId,
                "repeatability-first-sent": repeatability.firstSent,
              }
            : {}),
        },
        body: JSON.stringify(example.value),
      },
      response: { status: 202, body: responses[name]!.value },
    };
  });
}

const user = (id: string) => ({ kind: "communicationUser", communicationUser: { id } });

/** Edge cases the examples do not cover. */
const EDGE_CASES: CallScenario[] = [
  {
    name: "an id containing ':' and '/' survives as one path segment",
    call: {
      apiVersion: API_VERSION,
      callConnectionId: "tenant:42/call",
      body: { targetParticipant: user("8:acs:x"), operationContext: "odd-id" },
    },
    request: {
      method: "POST",
      pathAndQuery: "/calling/callConnections/tenant%3A42%2Fcall:transferToParticipant?api-version=2024-09-15",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetParticipant: user("8:acs:x"), operationContext: "odd-id" }),
    },
    response: { status: 202, body: { operationContext: "odd-id" } },
  },
  {
    name: "a body without targetParticipant is a 400 naming it",
    call: { apiVersion: API_VERSION, callConnectionId: "call-1", body: { operationContext: "no-target" } },
    request: {
      method: "POST",
      pathAndQuery: pathFor("call-1"),
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operationContext: "no-target" }),
    },
    response: { status: 400, target: "targetParticipant" },
  },
  {
    name: "a phone number that is not E.164 is a 400 naming the field",
    call: {
      apiVersion: API_VERSION,
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
      body: JSON.stringify({
        targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "555-0100" } },
        operationContext: "bad-phone",
      }),
    },
    response: { status: 400, target: "targetParticipant.phoneNumber.value" },
  },
  {
    name: "an unknown top-level property is a 400 naming it",
    call: {
      apiVersion: API_VERSION,
      callConnectionId: "call-3",
      body: { targetParticipant: user("8:acs:y"), transferTo: "elsewhere", operationContext: "extra" },
    },
    request: {
      method: "POST",
      pathAndQuery: pathFor("call-3"),
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetParticipant: user("8:acs:y"), transferTo: "elsewhere", operationContext: "extra" }),
    },
    response: { status: 400, target: "transferTo" },
  },
];

export const SCENARIOS: CallScenario[] = [...fromSpecExamples(), ...EDGE_CASES];
