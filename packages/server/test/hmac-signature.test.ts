import { describe, expect, it } from "vitest";
import { contentSha256, createHmacVerifier, verifyHmacSignature } from "../src/index.js";
import { decodeAccessKey } from "../src/runtime/hmac-signature.js";
import { ACCESS_KEY, signRequest } from "./support/signing.js";

const URL_ = "https://acs.example.com/calling/callConnections/abc:transferToParticipant?api-version=2024-09-15";
const BODY = '{"targetParticipant":{"communicationUser":{"id":"8:acs:1"}}}';
const NOW = Date.UTC(2024, 8, 15, 8, 49, 37);

function request(headers: Record<string, string>, body = BODY, method = "POST") {
  const url = new URL(URL_);
  return {
    method,
    pathAndQuery: url.pathname + url.search,
    host: url.host,
    headers,
    body: new TextEncoder().encode(body),
  };
}

function signed(overrides: { body?: string; date?: Date; key?: string } = {}) {
  return signRequest({
    method: "POST",
    url: URL_,
    body: overrides.body ?? BODY,
    accessKey: overrides.key ?? ACCESS_KEY,
    date: overrides.date ?? new Date(NOW),
  });
}

const at = { now: () => NOW };

describe("verifyHmacSignature", () => {
  it("accepts a request signed independently with node:crypto as the reference describes", async () => {
    expect(await verifyHmacSignature(request(signed()), ACCESS_KEY, at)).toEqual({ ok: true });
  });

  it("hashes an empty body as the reference says", () => {
    expect(contentSha256(new Uint8Array())).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });

  it("refuses another key", async () => {
    const result = await verifyHmacSignature(
      request(signed({ key: Buffer.from("other").toString("base64") })),
      ACCESS_KEY,
      at,
    );
    expect(result).toEqual({ ok: false, reason: "the signature does not match" });
  });

  it("refuses a body that differs from the signed hash", async () => {
    const result = await verifyHmacSignature(request(signed(), BODY.replace("8:acs:1", "8:acs:2")), ACCESS_KEY, at);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("x-ms-content-sha256") });
  });

  it("refuses a different path, method or host", async () => {
    const headers = signed();
    expect(
      await verifyHmacSignature(
        {
          ...request(headers),
          pathAndQuery: "/calling/callConnections/abd:transferToParticipant?api-version=2024-09-15",
        },
        ACCESS_KEY,
        at,
      ),
    ).toMatchObject({ ok: false });
    expect(await verifyHmacSignature(request(headers, BODY, "PUT"), ACCESS_KEY, at)).toMatchObject({ ok: false });
    expect(await verifyHmacSignature({ ...request(headers), host: "evil.example.com" }, ACCESS_KEY, at)).toMatchObject({
      ok: false,
    });
  });

  it("enforces the clock-skew window both ways", async () => {
    const old = signed({ date: new Date(NOW - 6 * 60_000) });
    expect(await verifyHmacSignature(request(old), ACCESS_KEY, at)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("clock skew"),
    });
    const future = signed({ date: new Date(NOW + 6 * 60_000) });
    expect(await verifyHmacSignature(request(future), ACCESS_KEY, at)).toMatchObject({ ok: false });
    expect(await verifyHmacSignature(request(old), ACCESS_KEY, { ...at, clockSkewMs: 10 * 60_000 })).toEqual({
      ok: true,
    });
  });

  it.each([
    [
      "no Authorization",
      (h: Record<string, string>) => {
        delete h.authorization;
      },
    ],
    [
      "a Bearer scheme",
      (h: Record<string, string>) => {
        h.authorization = "Bearer x";
      },
    ],
    [
      "SignedHeaders without host",
      (h: Record<string, string>) => {
        h.authorization = h.authorization!.replace("x-ms-date;host;", "x-ms-date;");
      },
    ],
    [
      "a header named twice in SignedHeaders",
      (h: Record<string, string>) => {
        h.authorization = h.authorization!.replace("x-ms-date;host;", "x-ms-date;host;host;");
      },
    ],
    [
      "a missing x-ms-date",
      (h: Record<string, string>) => {
        delete h["x-ms-date"];
      },
    ],
    [
      "an x-ms-date that is not a date",
      (h: Record<string, string>) => {
        h["x-ms-date"] = "yesterday";
      },
    ],
    [
      "a truncated signature",
      (h: Record<string, string>) => {
        h.authorization = h.authorization!.slice(0, -8);
      },
    ],
    [
      "a non-base64 signature",
      (h: Record<string, string>) => {
        h.authorization = h.authorization!.replace(/Signature=.*/, "Signature=!!!");
      },
    ],
  ])("refuses %s with a reason", async (_what, mutate) => {
    const headers = signed();
    mutate(headers);
    const result = await verifyHmacSignature(request(headers), ACCESS_KEY, at);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
  });

  it("reads headers in any case and from a Headers object", async () => {
    const headers = signed();
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await verifyHmacSignature(request(upper), ACCESS_KEY, at)).toEqual({ ok: true });
    expect(await verifyHmacSignature({ ...request({}), headers: new Headers(headers) }, ACCESS_KEY, at)).toEqual({
      ok: true,
    });
  });

  it("reads the Authorization header as its pattern says, whichever way it is spelled", async () => {
    const headers = signed();
    const auth = headers.authorization!;
    const [, list, signature] = /^HMAC-SHA256 SignedHeaders=(.+)&Signature=(.+)$/.exec(auth)!;
    const withAuth = (authorization: string) =>
      verifyHmacSignature(request({ ...headers, authorization }), ACCESS_KEY, at);
    for (const spelling of [
      auth,
      `hmac-sha256 SignedHeaders=${list}&Signature=${signature}`,
      `HMAC-SHA256 signedheaders=${list}&signature=${signature}`,
      `HMAC-SHA256  SignedHeaders=${list}&Signature=${signature}`,
      `HMAC-SHA256\tSignedHeaders=${list}&Signature=${signature}`,
      `  ${auth} `,
      `HMAC-SHA256 SignedHeaders=${list!.toUpperCase()}&Signature=${signature}`,
    ]) {
      expect(await withAuth(spelling), spelling).toEqual({ ok: true });
    }
    const notTheScheme = {
      ok: false,
      reason: "the Authorization header is not HMAC-SHA256 SignedHeaders=...&Signature=...",
    };
    for (const spelling of [
      `HMAC-SHA256 SignedHeaders=${list}&Signature=`,
      `HMAC-SHA256 SignedHeaders=${list}&Signature=${signature}=`.replace(/=+$/, "==="),
      `HMAC-SHA256 SignedHeaders=${list}&Signature=${signature!.slice(0, 5)}$${signature!.slice(5)}`,
      `HMAC-SHA256 SignedHeaders=${list}&x=1&Signature=${signature}`,
      `HMAC-SHA256 SignedHeaders=${list} &Signature=${signature}`,
      `HMAC-SHA256 SignedHeaders=&Signature=${signature}`,
      `HMAC-SHA256SignedHeaders=${list}&Signature=${signature}`,
      `Bearer ${signature}`,
    ]) {
      expect(await withAuth(spelling), spelling).toEqual(notTheScheme);
    }
    // Readable but refused lists and signatures say so.
    expect(await withAuth(`HMAC-SHA256 SignedHeaders=host;x-ms-content-sha256&Signature=${signature}`)).toEqual({
      ok: false,
      reason: "SignedHeaders must include x-ms-date",
    });
    expect(
      await withAuth(
        `HMAC-SHA256 SignedHeaders=${list}&Signature=${signature!.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`,
      ),
    ).toEqual({
      ok: false,
      reason: "the signature does not match",
    });
  });

  it("judges each request's SignedHeaders list on its own when one verifier sees several lists", () => {
    const verify = createHmacVerifier(ACCESS_KEY);
    const headers = signed();
    const [, list, signature] = /^HMAC-SHA256 SignedHeaders=(.+)&Signature=(.+)$/.exec(headers.authorization!)!;
    const withList = (signedHeaders: string) =>
      verify(
        request({ ...headers, authorization: `HMAC-SHA256 SignedHeaders=${signedHeaders}&Signature=${signature}` }),
        at,
      );
    const lacksDate = { ok: false, reason: "SignedHeaders must include x-ms-date" };
    expect(withList(list!)).toEqual({ ok: true });
    expect(withList(list!)).toEqual({ ok: true });
    expect(withList("host;x-ms-content-sha256")).toEqual(lacksDate);
    expect(withList("host;x-ms-content-sha256")).toEqual(lacksDate);
    expect(withList(list!.toUpperCase())).toEqual({ ok: true });
    expect(withList("x-ms-date;host;x-ms-date;x-ms-content-sha256")).toEqual({
      ok: false,
      reason: "SignedHeaders names a header twice",
    });
    expect(withList(list!)).toEqual({ ok: true });
  });

  it("accepts another base64 spelling of the same signature bytes (no padding), and refuses one bit off", async () => {
    const headers = signed();
    const signature = /Signature=(\S+)$/.exec(headers.authorization!)![1]!;
    const unpadded = headers.authorization!.replace(signature, signature.replace(/=+$/, ""));
    expect(unpadded).not.toBe(headers.authorization);
    expect(await verifyHmacSignature(request({ ...headers, authorization: unpadded }), ACCESS_KEY, at)).toEqual({
      ok: true,
    });
    const bytes = Buffer.from(signature, "base64");
    bytes[31]! ^= 1;
    const flipped = headers.authorization!.replace(signature, bytes.toString("base64"));
    expect(await verifyHmacSignature(request({ ...headers, authorization: flipped }), ACCESS_KEY, at)).toEqual({
      ok: false,
      reason: "the signature does not match",
    });
  });

  it("reports an access key that is not base64 instead of throwing", async () => {
    expect(await verifyHmacSignature(request(signed()), "not base64!", at)).toEqual({
      ok: false,
      reason: "the access key is not valid base64",
    });
    expect(() => decodeAccessKey("")).toThrow(TypeError);
  });
});
