import { createHmacVerifier } from "@transfer-call/server";
import { describe, expect, it } from "vitest";
import { parseResponse } from "../src/load/http-load.js";
import { ACCESS_KEY, BODY, PATH, signedHeaders, transferRequests } from "../src/server/load.js";

describe("the server bench's load", () => {
  it("signs requests the servers' verifier accepts", () => {
    const headers = signedHeaders(4321);
    const verify = createHmacVerifier(ACCESS_KEY);
    const request = { method: "POST", pathAndQuery: PATH, host: "127.0.0.1:4321", headers, body: Buffer.from(BODY) };
    expect(verify(request)).toEqual({ ok: true });
    expect(verify({ ...request, host: "127.0.0.1:4322" })).toMatchObject({ ok: false });
  });

  it("gives every request a fresh Repeatability-Request-ID, or a header of the same size without repeatability", () => {
    /** A request message's headers by name, and its body. */
    const parse = (message: string) => {
      const [head, body] = message.split("\r\n\r\n") as [string, string];
      const [requestLine, ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
      return { requestLine, headers, body };
    };
    const repeatable = transferRequests(4321, true);
    const [a, b] = [parse(repeatable()), parse(repeatable())];
    expect(a.requestLine).toBe(`POST ${PATH} HTTP/1.1`);
    expect(a.body).toBe(BODY);
    expect(Number(a.headers["content-length"])).toBe(Buffer.byteLength(BODY));
    expect(a.headers.host).toBe("127.0.0.1:4321");
    expect(a.headers["repeatability-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers["repeatability-request-id"]).not.toBe(b.headers["repeatability-request-id"]);
    expect(a.headers["repeatability-first-sent"]).toBe(a.headers["x-ms-date"]);
    expect(a.headers.authorization).toMatch(/^HMAC-SHA256 /);
    const verify = createHmacVerifier(ACCESS_KEY);
    const request = { method: "POST", pathAndQuery: PATH, headers: a.headers, body: Buffer.from(a.body) };
    expect(verify(request)).toEqual({ ok: true });
    const plain = parse(transferRequests(4321, false)());
    expect(plain.headers["repeatability-request-id"]).toBeUndefined();
    expect(plain.headers["x-bench-request-id"]).toHaveLength(36);
    expect(parseResponse(Buffer.from("HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n"))?.status).toBe(202);
  });
});
