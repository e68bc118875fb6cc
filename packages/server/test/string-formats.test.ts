import { fullFormats } from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCanonicalUuid, isCommonUri } from "../src/runtime/string-formats.js";

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fullUri = fullFormats.uri as (value: string) => boolean;

describe("isCanonicalUuid", () => {
  it("takes UUIDs in either case and nothing else of their length", () => {
    expect(isCanonicalUuid("18dea47f-b081-4107-9a5c-4300819d2c6c")).toBe(true);
    expect(isCanonicalUuid("18DEA47F-B081-4107-9A5C-4300819D2C6C")).toBe(true);
    for (const bad of [
      "",
      "18dea47f-b081-4107-9a5c-4300819d2c6",
      "18dea47f-b081-4107-9a5c-4300819d2c6cc",
      "18dea47fxb081-4107-9a5c-4300819d2c6c",
      "g8dea47f-b081-4107-9a5c-4300819d2c6c",
      "urn:uuid:18dea47f-b081-4107-9a5c-4300819d2c6c",
      "18dea47f-b081-4107-9a5c-4300819d2c6\u0663",
    ]) {
      expect(isCanonicalUuid(bad), bad).toBe(false);
    }
  });

  it("answers as the canonical-form regular expression does, on UUIDs and near-misses", () => {
    const nearUuid = fc
      .array(fc.constantFrom(..."0123456789abcdefABCDEFgG-:/ \u0660"), { minLength: 34, maxLength: 38 })
      .map((cs) => cs.join(""));
    const mutated = fc
      .tuple(fc.uuid(), fc.nat(35), fc.constantFrom(..."0aF-gZ \u00e9"))
      .map(([u, i, c]) => u.slice(0, i) + c + u.slice(i + 1));
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), nearUuid, mutated, fc.string()), (value) => {
        expect(isCanonicalUuid(value)).toBe(CANONICAL_UUID.test(value));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("isCommonUri", () => {
  it("takes the usual callback URIs", () => {
    for (const uri of [
      "https://app.contoso.com/callback/transfers",
      "http://localhost:8080/events?call=1&x=a:b@c#frag/ment?",
      "https://example.org",
      "HTTPS://Example.ORG/A/B/",
      "custom+scheme.v1-2://host_name~!$&'()*+,;=/p:a@th",
    ]) {
      expect(isCommonUri(uri), uri).toBe(true);
      expect(fullUri(uri), uri).toBe(true);
    }
  });

  it("leaves every other shape to the full check, valid or not", () => {
    // Valid URIs outside the common shape: false here, true for the full check.
    for (const uri of [
      "urn:isbn:0451450523",
      "mailto:someone@example.com",
      "https://user@example.com/",
      "https://[::1]:8080/",
      "https://example.com/caf%C3%A9",
      "file:/etc/hosts",
    ]) {
      expect(isCommonUri(uri), uri).toBe(false);
      expect(fullUri(uri), uri).toBe(true);
    }
    // Not URIs at all.
    for (const bad of [
      "",
      "/relative/path",
      "//no-scheme.example",
      "1http://x",
      "https://exa mple.com",
      "https://example.com/a b",
      "https://exämple.com",
      "https://example.com:80a/",
      "https://example.com/#a#b",
      "https:/\\x",
    ]) {
      expect(isCommonUri(bad), bad).toBe(false);
    }
  });

  it("accepts only what ajv-formats' uri accepts (random strings over the URI alphabet)", () => {
    const alphabet = [..."abcXYZ019+-._~!$&'()*,;=:@/?#%[] \u00e9\\\""];
    const uriLike = fc
      .tuple(
        fc.constantFrom("https://", "http://", "a+b.c-d://", "x:", "1a://", "https:/", ""),
        fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((cs) => cs.join("")),
      )
      .map(([prefix, rest]) => prefix + rest);
    fc.assert(
      fc.property(fc.oneof(uriLike, fc.webUrl({ withQueryParameters: true, withFragments: true })), (value) => {
        if (isCommonUri(value)) expect(fullUri(value), value).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("takes generated web URLs without userinfo, IP literals or percent-encoding", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        fc.pre(!/[%@[]/.test(url));
        expect(isCommonUri(url), url).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
