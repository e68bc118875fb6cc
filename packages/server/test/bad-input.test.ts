import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, rawSocket } from "./support/raw-http.js";
import { echoHandlers, TRANSFER_PATH, UPSTREAM_EXAMPLE } from "./support/scenarios.js";
import { memoryLogger, serveNode, type TestServer } from "./support/servers.js";

// Nothing a client sends crashes the process or produces a 5xx. The server runs with auth off so
// each case reaches the step of the request handler it aims at.
let server: TestServer;
const logger = memoryLogger();
beforeAll(async () => {
  server = await serveNode({ handlers: echoHandlers, auth: false, logger, bodyTimeoutMs: 300 });
});
afterAll(() => server.close());

const json = { "content-type": "application/json" };

function head(method: string, extra: Record<string, string | number> = {}, path = TRANSFER_PATH): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
}

function bodyOf(raw: string): any {
  return JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
}

async function stillServes() {
  const response = await rawRequest(server.url + TRANSFER_PATH, {
    method: "POST",
    headers: json,
    body: JSON.stringify(UPSTREAM_EXAMPLE),
  });
  expect(response.status).toBe(202);
}

describe("bad input", () => {
  it.each([
    ["truncated JSON", '{"targetParticipant":'],
    ["a JSON string instead of an object", '"hello"'],
    ["JSON null", "null"],
    ["an array", "[]"],
    ["trailing garbage", '{"targetParticipant":{}}}}'],
  ])("%s is a 400 in the API format", async (_what, body) => {
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toMatch(/InvalidJson|BadRequest/);
  });

  it("an empty body is a 400 naming the body", async () => {
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body: "" });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.target).toBe("body");
  });

  it("a huge body is a 413 before it is read in full, then the server closes the connection", async () => {
    const raw = await rawSocket(server.url, [
      { data: head("POST", { "content-type": "application/json", "content-length": 50_000_000 }) },
      { data: "{".repeat(1000) },
    ]);
    expect(statusOf(raw)).toBe(413);
    expect(bodyOf(raw).error.code).toBe("PayloadTooLarge");
  });

  it("a chunked body that grows past the limit is a 413", async () => {
    const chunk = "x".repeat(16 * 1024);
    const chunks = Array.from({ length: 6 }, () => ({ data: `${chunk.length.toString(16)}\r\n${chunk}\r\n` }));
    const raw = await rawSocket(server.url, [
      { data: head("POST", { "content-type": "application/json", "transfer-encoding": "chunked" }) },
      ...chunks,
    ]);
    expect(statusOf(raw)).toBe(413);
  });

  it("deeply nested JSON where the schema is closed is a 400", async () => {
    const deep = "[".repeat(30_000) + "]".repeat(30_000);
    const body = `{"targetParticipant":{"communicationUser":{"id":"x"}},"deep":${deep}}`;
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.target).toBe("deep");
  });

  it("deeply nested JSON inside an open identifier model is carried, not a crash", async () => {
    const deep = "[".repeat(30_000) + "]".repeat(30_000);
    const body = `{"targetParticipant":{"communicationUser":{"id":"x"},"deep":${deep}},"operationContext":"d"}`;
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body });
    expect(response.status).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ operationContext: "d" });
  });

  it("__proto__ and constructor keys are refused as unknown properties and pollute nothing", async () => {
    const body =
      '{"targetParticipant":{"communicationUser":{"id":"x"}},"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}';
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.details.map((d: { target: string }) => d.target)).toEqual(
      expect.arrayContaining(["__proto__", "constructor"]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("__proto__ inside an open identifier model reaches the handler as a plain key", async () => {
    const body =
      '{"targetParticipant":{"communicationUser":{"id":"x"},"__proto__":{"kind":"phoneNumber"}},"operationContext":"p"}';
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body });
    expect(response.status).toBe(202);
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  it("invalid UTF-8 is a 400 InvalidEncoding", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"targetParticipant":{"communicationUser":{"id":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}}}'),
    ]);
    const response = await rawRequest(server.url + TRANSFER_PATH, { method: "POST", headers: json, body: bytes });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe("InvalidEncoding");
  });

  it.each(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])(
    "%s on the transfer path is a 405 with Allow",
    async (method) => {
      const response = await rawRequest(server.url + TRANSFER_PATH, { method, headers: {} });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe("POST");
    },
  );

  it("a query parameter sent twice is a 400", async () => {
    const response = await rawRequest(`${server.url + TRANSFER_PATH}&api-version=2024-09-15`, {
      method: "POST",
      headers: json,
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe("DuplicateParameter");
  });

  it("a duplicated Content-Type is a 400 naming it", async () => {
    const response = await rawRequest(server.url + TRANSFER_PATH, {
      method: "POST",
      headers: { "content-type": ["application/json", "text/plain"] },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatchObject({ code: "DuplicateHeader", target: "content-type" });
  });

  it("a duplicated header in any mix of cases is a 400 naming it", async () => {
    const head = `POST ${TRANSFER_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAUTHORIZATION: Bearer a\r\nAuthorization: Bearer b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
    const raw = await rawSocket(server.url, [{ data: head }]);
    expect(statusOf(raw)).toBe(400);
    expect(bodyOf(raw).error).toMatchObject({ code: "DuplicateHeader", target: "authorization" });
  });

  it("extra unknown headers are ignored", async () => {
    const response = await rawRequest(server.url + TRANSFER_PATH, {
      method: "POST",
      headers: { ...json, "x-whatever": "1", "repeatability-foo": "bar" },
      body: JSON.stringify(UPSTREAM_EXAMPLE),
    });
    expect(response.status).toBe(202);
  });

  it("malformed HTTP is answered in the API format by the listener", async () => {
    const raw = await rawSocket(server.url, [{ data: "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n" }]);
    expect(statusOf(raw)).toBe(400);
    expect(bodyOf(raw).error.code).toBe("BadRequest");
  });

  it("oversized request headers are a 431 in the API format", async () => {
    const raw = await rawSocket(server.url, [{ data: head("POST", { "x-big": "a".repeat(20_000) }) }]);
    expect(statusOf(raw)).toBe(431);
    expect(bodyOf(raw).error.code).toBe("RequestHeaderFieldsTooLarge");
  });

  it("a stalled upload is answered 408 after the body timeout", async () => {
    const raw = await rawSocket(
      server.url,
      [{ data: head("POST", { "content-type": "application/json", "content-length": 100 }) }, { data: '{"targetPar' }],
      { waitMs: 3000 },
    );
    expect(statusOf(raw)).toBe(408);
    expect(bodyOf(raw).error.code).toBe("RequestTimeout");
  });

  it("a slow but steady upload within the timeout is served", async () => {
    const body = JSON.stringify(UPSTREAM_EXAMPLE);
    const parts = [body.slice(0, 20), body.slice(20, 60), body.slice(60)];
    const raw = await rawSocket(server.url, [
      {
        data: head("POST", {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          connection: "close",
        }),
      },
      ...parts.map((data) => ({ data, delayMs: 50 })),
    ]);
    expect(statusOf(raw)).toBe(202);
  });

  it("an aborted upload does not crash the server, which keeps serving", async () => {
    await rawSocket(
      server.url,
      [{ data: head("POST", { "content-type": "application/json", "content-length": 1000 }) }, { data: '{"target' }],
      { endAfter: true, waitMs: 200 },
    );
    await stillServes();
  });

  it("never logged an internal error for any of the above", async () => {
    await stillServes();
    expect(logger.entries.filter((e) => e.level === "error")).toEqual([]);
  });
});
