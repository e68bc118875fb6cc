import { createHmacVerifier } from "@transfer-call/server";
import { describe, expect, it } from "vitest";
import { ACCESS_KEY, BODY, loadOptions, PATH, signedHeaders } from "../src/server/load.js";

describe("the server bench's load", () => {
  it("signs requests the servers' verifier accepts", () => {
    const headers = signedHeaders(4321);
    const verify = createHmacVerifier(ACCESS_KEY);
    const request = { method: "POST", pathAndQuery: PATH, host: "127.0.0.1:4321", headers, body: Buffer.from(BODY) };
    expect(verify(request)).toEqual({ ok: true });
    expect(verify({ ...request, host: "127.0.0.1:4322" })).toMatchObject({ ok: false });
  });

  it("gives every request a fresh Repeatability-Request-ID, or a header of the same size without repeatability", () => {
    const setup = (repeatable: boolean) => {
      const { requests } = loadOptions(4321, repeatable);
      return () => requests[0]!.setupRequest({ headers: requests[0]!.headers }).headers;
    };
    const repeatable = setup(true);
    const [a, b] = [repeatable(), repeatable()];
    expect(a["repeatability-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a["repeatability-request-id"]).not.toBe(b["repeatability-request-id"]);
    expect(a.authorization).toMatch(/^HMAC-SHA256 /);
    const plain = setup(false)();
    expect(plain["repeatability-request-id"]).toBeUndefined();
    expect(plain["x-bench-request-id"]).toHaveLength(36);
  });
});
