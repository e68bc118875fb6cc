import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, rawSocket } from "./support/raw-http.js";
import { echoHandlers, TRANSFER_PATH } from "./support/scenarios.js";
import { memoryLogger, serveNode, type TestServer } from "./support/servers.js";

// listen's own front door, without routes in front: what node:http would answer bare.
const logger = memoryLogger();
let server: TestServer;
beforeAll(async () => {
  server = await serveNode({ handlers: echoHandlers, auth: false, logger });
});
afterAll(() => server.close());

/** The last answer on the connection (a request's own answer may come before the framing error's). */
const answerOf = (raw: string) => {
  const last = raw.split(/(?=HTTP\/1\.1 \d{3} )/).at(-1) ?? "";
  const [head = "", body = ""] = last.split("\r\n\r\n");
  return { status: Number(head.slice(9, 12)), head, body: JSON.parse(body) };
};

describe("listen", () => {
  it("answers an HTTP/1.1 request without Host in the API's format, naming the header", async () => {
    const answer = answerOf(await rawSocket(server.url, [{ data: `POST ${TRANSFER_PATH} HTTP/1.1\r\n\r\n` }]));
    expect(answer.status).toBe(400);
    expect(answer.head.toLowerCase()).toContain("connection: close");
    expect(answer.body).toEqual({ error: { code: "BadRequest", message: expect.any(String), target: "Host" } });
  });

  it("names what is wrong with malformed framing", async () => {
    const raw = await rawSocket(server.url, [
      { data: `POST ${TRANSFER_PATH} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n` },
    ]);
    expect(answerOf(raw).body.error).toMatchObject({
      code: "BadRequest",
      message: expect.stringContaining("chunk size"),
      target: "Transfer-Encoding",
    });
  });

  it("lets the client finish sending an over-limit body and read the 413 (no EPIPE)", async () => {
    const answer = await rawRequest(`${server.url}${TRANSFER_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(3 * 1024 * 1024) },
      body: Buffer.alloc(3 * 1024 * 1024, 0x20),
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("PayloadTooLarge");
  });
});
