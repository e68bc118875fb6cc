import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, rawSocket } from "../../server/test/support/raw-http.js";
import type { Emulator } from "../src/emulator.js";
import { createMemoryStore } from "../src/stores/emulator-store.js";
import { testEmulator } from "./support/emulators.js";

// The emulator serves through the server's listen: requests node:http refuses before any route
// sees them are answered in the API's error format, not with Node's bare 400/431.
let emulator: Emulator & { lines: Record<string, unknown>[] };
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(() => emulator.close());

const PATH = "/calling/callConnections/call-1:transferToParticipant?api-version=2024-09-15";

function parse(raw: string): { status: number; contentType: string | undefined; body: any } {
  const [head = "", body = ""] = raw.split("\r\n\r\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const contentType = /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1];
  return { status, contentType, body: JSON.parse(body) };
}

describe("malformed HTTP sent to the emulator", () => {
  const post = (headers: string, body = "") => `POST ${PATH} HTTP/1.1\r\nHost: x\r\n${headers}\r\n${body}`;
  it.each([
    ["a bad request line", "NOT-HTTP\r\n\r\n", 400, "BadRequest", "method"],
    ["an unknown HTTP version", "GET /health HTTP/9.9\r\nHost: x\r\n\r\n", 400, "BadRequest", "version"],
    [
      "a header line without a colon",
      "GET /health HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
      400,
      "BadRequest",
      "headers",
    ],
    [
      "a space in a header name",
      "GET /health HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n",
      400,
      "BadRequest",
      "headers",
    ],
    ["bare LF line ends", "GET /health HTTP/1.1\nHost: x\n\n", 400, "BadRequest", "version"],
    ["no Host header", "GET /health HTTP/1.1\r\n\r\n", 400, "BadRequest", "Host"],
    [
      "a body with both Content-Length and Transfer-Encoding",
      post("Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
      400,
      "BadRequest",
      "Transfer-Encoding",
    ],
    [
      "Content-Length sent twice",
      post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}"),
      400,
      "BadRequest",
      "Content-Length",
    ],
    ["an invalid Content-Length", post("Content-Length: nope\r\n"), 400, "BadRequest", "Content-Length"],
    [
      "a Transfer-Encoding other than chunked",
      post("Transfer-Encoding: gzip\r\n"),
      400,
      "BadRequest",
      "Transfer-Encoding",
    ],
    [
      "bad chunking (a chunk size that is not hexadecimal)",
      post("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"),
      400,
      "BadRequest",
      "Transfer-Encoding",
    ],
    [
      "a chunk not followed by CRLF",
      post("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}XX0\r\n\r\n"),
      400,
      "BadRequest",
      "Transfer-Encoding",
    ],
    // A GET or DELETE has no body unless it declares a length: the stray bytes are the next request.
    [
      "a DELETE carrying a body without a length",
      `DELETE ${PATH} HTTP/1.1\r\nHost: x\r\n\r\n{"targetParticipant":{}}`,
      400,
      "BadRequest",
      "method",
    ],
    [
      "a GET carrying a body without a length",
      'GET /health HTTP/1.1\r\nHost: x\r\n\r\n{"a":1}',
      400,
      "BadRequest",
      "method",
    ],
    [
      "oversized request headers",
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      431,
      "RequestHeaderFieldsTooLarge",
      undefined,
    ],
    [
      "a 20 KB Authorization header",
      post(`Authorization: ${"a".repeat(20_000)}\r\nContent-Length: 2\r\n`, "{}"),
      431,
      "RequestHeaderFieldsTooLarge",
      undefined,
    ],
  ])("%s gets its 4xx in the API's error format", async (_name, request, status, code, target) => {
    const answers = (await rawSocket(emulator.endpoint, [{ data: request }])).split(/(?=HTTP\/1\.1 \d{3} )/);
    // A GET or DELETE with stray bytes gets two answers: the first request's, then the error.
    const answer = parse(answers.at(-1)!);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe("application/json; charset=utf-8");
    expect(answer.body).toEqual({
      error: { code, message: expect.any(String), ...(target === undefined ? {} : { target }) },
    });
  });

  it.each([
    ["declared with Content-Length", { "content-length": String(2 * 1024 * 1024) }],
    ["sent chunked", { "transfer-encoding": "chunked" }],
  ])("a 2 MiB body %s gets a readable 413, not EPIPE", async (_name, framing) => {
    const answer = await rawRequest(new URL(PATH.slice(1), emulator.endpoint).toString(), {
      method: "POST",
      headers: { "content-type": "application/json", ...framing },
      body: Buffer.alloc(2 * 1024 * 1024, 0x20),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "PayloadTooLarge", message: expect.any(String) } });
  });

  it("the front routes still answer well-formed requests, and the API behind them too", async () => {
    const health = parse(
      await rawSocket(emulator.endpoint, [{ data: "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" }]),
    );
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok" });
    const unsigned = await fetch(new URL(PATH.slice(1), emulator.endpoint), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).error.code).toBe("Unauthorized");
  });
});

describe("a front route that fails", () => {
  it("is a 500 in the API's error format, logged", async () => {
    const store = createMemoryStore({ callRecordTtlMs: 60_000 });
    const broken = await testEmulator({ store: { ...store, ping: () => Promise.reject(new Error("store gone")) } });
    try {
      const health = await fetch(new URL("health", broken.endpoint));
      expect(health.status).toBe(500);
      expect(await health.json()).toEqual({ error: { code: "InternalServerError", message: expect.any(String) } });
      expect(broken.lines).toContainEqual(
        expect.objectContaining({ level: "error", error: expect.objectContaining({ message: "store gone" }) }),
      );
    } finally {
      await broken.close();
    }
  });
});
