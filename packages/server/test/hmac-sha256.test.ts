import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HmacSha256 } from "../src/runtime/hmac-sha256.js";

describe("HmacSha256", () => {
  it("equals node:crypto createHmac for random keys (short, block-sized and long) and messages", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.string({ unit: "grapheme", maxLength: 300 }),
        (key, message) => {
          const expected = createHmac("sha256", key).update(message, "utf8").digest();
          expect(new HmacSha256(key).sign(message).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("matches the RFC 4231 test case 2", () => {
    const mac = new HmacSha256(Buffer.from("Jefe")).sign("what do ya want for nothing?");
    expect(mac.toString("hex")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("gives the same answer on repeated use of one key", () => {
    const mac = new HmacSha256(Buffer.from("k"));
    expect(mac.sign("a").equals(mac.sign("a"))).toBe(true);
    expect(mac.sign("a").equals(mac.sign("b"))).toBe(false);
  });

  it("verifies base64 signatures: the right one, not a wrong one, and another spelling of the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.string({ maxLength: 200 }), (key, message) => {
        const mac = new HmacSha256(key);
        const expected = createHmac("sha256", key).update(message, "utf8").digest();
        expect(mac.verifyBase64(message, expected.toString("base64"))).toBe(true);
        // The same 32 bytes without padding decode alike: still accepted, through the byte comparison.
        expect(mac.verifyBase64(message, expected.toString("base64").replace(/=+$/, ""))).toBe(true);
        const wrong = Buffer.from(expected);
        wrong[0]! ^= 1;
        expect(mac.verifyBase64(message, wrong.toString("base64"))).toBe(false);
        expect(mac.verifyBase64(`${message}.`, expected.toString("base64"))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
