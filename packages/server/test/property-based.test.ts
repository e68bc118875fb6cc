import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationRoutes } from "../src/index.js";
import { rawRequest } from "./support/raw-http.js";
import { echoHandlers, TRANSFER_PATH } from "./support/scenarios.js";
import { validTransferRequest } from "./support/schema-arbitrary.js";
import { memoryLogger, serveNode, type TestServer } from "./support/servers.js";
import { ACCESS_KEY, signRequest } from "./support/signing.js";

/** Every api-version the server accepts. */
const SUPPORTED: readonly string[] = operationRoutes[0]!.apiVersions;

let server: TestServer;
const logger = memoryLogger();
beforeAll(async () => {
  server = await serveNode({ handlers: echoHandlers, auth: { accessKey: ACCESS_KEY }, logger });
});
afterAll(() => server.close());

function signedHeaders(body: string, path = TRANSFER_PATH): Record<string, string> {
  return {
    "content-type": "application/json",
    ...signRequest({ method: "POST", url: server.url + path, body, accessKey: ACCESS_KEY }),
  };
}

function expectApiError(status: number, body: string) {
  expect(status, body).toBeGreaterThanOrEqual(400);
  expect(status, body).toBeLessThan(500);
  const parsed = JSON.parse(body);
  expect(typeof parsed.error.code).toBe("string");
  expect(typeof parsed.error.message).toBe("string");
}

/** Every string-, boolean- or object-valued place in a body, as key paths. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return prefix.length ? [prefix] : [];
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(target: any, path: (string | number)[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
}

describe("property: requests generated from the schema", () => {
  it("are all accepted with 202 (signed, validated, echoed)", async () => {
    await fc.assert(
      fc.asyncProperty(validTransferRequest, async (request) => {
        const body = JSON.stringify(request);
        const response = await rawRequest(server.url + TRANSFER_PATH, {
          method: "POST",
          headers: signedHeaders(body),
          body,
        });
        expect(response.status, `${body}\n→ ${response.body}`).toBe(202);
        const expected = request.operationContext === undefined ? {} : { operationContext: request.operationContext };
        expect(JSON.parse(response.body)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

const wrongValue = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant(12.5),
);

const bodyMutation = fc.oneof(
  // a wrong type somewhere the schema says string, object or boolean
  fc.tuple(validTransferRequest, wrongValue, fc.nat()).map(([request, value, pick]) => {
    const candidates = paths(request).filter(
      (p) => !(p[p.length - 2] === "sipHeaders" || p[p.length - 2] === "voipHeaders"),
    );
    const path = candidates[pick % candidates.length]!;
    const copy = structuredClone(request);
    const current = path.reduce<any>((node, key) => node[key], copy);
    const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
    // A value of another JSON type than the one there (a boolean stays wrong only if it was not a boolean).
    setAt(copy, path, typeOf(value) === typeOf(current) ? (typeOf(current) === "string" ? 7 : "seven") : value);
    return { why: `wrong type at ${path.join(".")}`, body: JSON.stringify(copy) };
  }),
  // required property missing
  validTransferRequest.map((request) => {
    const { targetParticipant: _t, ...rest } = request;
    return { why: "missing targetParticipant", body: JSON.stringify(rest) };
  }),
  // an unknown property where the schema is closed
  fc
    .tuple(validTransferRequest, fc.string({ minLength: 1, maxLength: 12 }))
    .filter(
      ([r, k]) =>
        !(k in r) &&
        ![
          "targetParticipant",
          "operationContext",
          "transferee",
          "operationCallbackUri",
          "customCallingContext",
          "sourceCallerIdNumber",
        ].includes(k),
    )
    .map(([request, key]) => ({
      why: `unknown property ${key}`,
      body: JSON.stringify({ ...request, [key]: "x" }),
    })),
  // an oversized string
  validTransferRequest.map((request) => ({
    why: "oversized operationContext",
    body: JSON.stringify({ ...request, operationContext: "x".repeat(70_000) }),
  })),
  // two nested identifiers at once
  validTransferRequest.map((request) => ({
    why: "two nested identifiers",
    body: JSON.stringify({
      ...request,
      targetParticipant: { communicationUser: { id: "8:acs:1" }, phoneNumber: { value: "+14255550123" } },
    }),
  })),
  // a phone number that is not E.164
  fc
    .string({ maxLength: 20 })
    .filter((s) => !/^\+[1-9][0-9]{1,14}$/.test(s))
    .map((value) => ({
      why: `bad phone number ${JSON.stringify(value)}`,
      body: JSON.stringify({ targetParticipant: { kind: "phoneNumber", phoneNumber: { value } } }),
    })),
);

describe("property: mutated requests", () => {
  it("get a 4xx in the API's error format, never a 5xx (body mutations)", async () => {
    await fc.assert(
      fc.asyncProperty(bodyMutation, async ({ body }) => {
        const response = await rawRequest(server.url + TRANSFER_PATH, {
          method: "POST",
          headers: signedHeaders(body),
          body,
        });
        expectApiError(response.status, response.body);
      }),
      { numRuns: 200 },
    );
  });

  const valid = JSON.stringify({ targetParticipant: { communicationUser: { id: "8:acs:1" } } });
  const headerMutation = fc.oneof(
    fc
      .string({ maxLength: 40 })
      .filter(
        (s) =>
          !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(s) &&
          /^[\x20-\x7e]*$/.test(s) &&
          s.trim() === s &&
          s !== "",
      )
      .map((v) => ({
        why: "bad Repeatability-Request-ID",
        headers: { "repeatability-request-id": v, "repeatability-first-sent": new Date().toUTCString() } as Record<
          string,
          string | string[]
        >,
      })),
    fc
      .string({ maxLength: 40 })
      .filter((s) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(s))
      .map((v) => ({
        why: "bad Repeatability-First-Sent",
        headers: { "repeatability-request-id": crypto.randomUUID(), "repeatability-first-sent": v } as Record<
          string,
          string | string[]
        >,
      })),
    fc
      .constantFrom("content-type", "authorization", "x-ms-date", "x-ms-content-sha256", "repeatability-request-id")
      .map((name) => ({ why: `duplicated ${name}`, duplicate: name, headers: {} })),
    fc
      .constantFrom("authorization", "x-ms-date", "x-ms-content-sha256", "content-type")
      .map((name) => ({ why: `missing ${name}`, drop: name, headers: {} })),
    fc
      .string({ maxLength: 30 })
      .filter((s) => /^[\x21-\x7e]+$/.test(s) && !SUPPORTED.includes(s))
      .map((v) => ({ why: `api-version ${v}`, apiVersion: v, headers: {} })),
  );

  it("get a 4xx in the API's error format, never a 5xx (header and query mutations)", async () => {
    await fc.assert(
      fc.asyncProperty(
        headerMutation,
        async (mutation: {
          why: string;
          headers: Record<string, string | string[]>;
          duplicate?: string;
          drop?: string;
          apiVersion?: string;
        }) => {
          const path =
            mutation.apiVersion === undefined
              ? TRANSFER_PATH
              : TRANSFER_PATH.replace("2024-09-15", encodeURIComponent(mutation.apiVersion));
          const headers: Record<string, string | string[]> = { ...signedHeaders(valid, path), ...mutation.headers };
          if (mutation.duplicate) {
            const value = (headers[mutation.duplicate] as string | undefined) ?? crypto.randomUUID();
            headers[mutation.duplicate] = [value, value];
          }
          if (mutation.drop) delete headers[mutation.drop];
          const response = await rawRequest(server.url + path, { method: "POST", headers, body: valid });
          expectApiError(response.status, response.body);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never reached the error path (nothing was logged as a failure)", () => {
    expect(logger.entries.filter((e) => e.level === "error")).toEqual([]);
  });
});
