import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawSocket } from "../../server/test/support/raw-http.js";
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
  it.each([
    ["a bad request line", "NOT-HTTP\r\n\r\n", 400, "BadRequest"],
    [
      "a body with both Content-Length and Transfer-Encoding",
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
      "BadRequest",
    ],
    [
      "an invalid Content-Length",
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n`,
      400,
      "BadRequest",
    ],
    [
      "oversized request headers",
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
      431,
      "RequestHeaderFieldsTooLarge",
    ],
  ])("%s gets its 4xx in the API's error format", async (_name, request, status, code) => {
    const answer = parse(await rawSocket(emulator.endpoint, [{ data: request }]));
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe("application/json; charset=utf-8");
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
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
