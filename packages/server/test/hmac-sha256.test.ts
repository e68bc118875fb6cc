import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HmacSha256, macEquals } from "../src/runtime/hmac-sha256.js";

const nodeMac = (key: Uint8Array, message: string) => createHmac("sha256", key).update(message, "utf8").digest();

describe("HmacSha256", () => {
  it("gives node:crypto's HMAC-SHA256 for any key and any message, one key reused", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.string({ unit: "binary", maxLength: 600 })),
        (key, messages) => {
          const hmac = new HmacSha256(key);
          for (const message of messages)
            expect(Buffer.from(hmac.mac(message), "latin1")).toEqual(nodeMac(key, message));
        },
      ),
    );
  });

  it("handles the block-size edges of the key and a message longer than its first buffer", () => {
    for (const length of [0, 1, 63, 64, 65, 128]) {
      const key = Buffer.alloc(length, 0xa5);
      const hmac = new HmacSha256(key);
      for (const message of ["", "abc", "é€😀".repeat(400), "x".repeat(5000), "short again"])
        expect(Buffer.from(hmac.mac(message), "latin1")).toEqual(nodeMac(key, message));
    }
  });

  it("verifies a base64 signature of a message: any spelling of the MAC's bytes, nothing else", () => {
    const key = Buffer.from("key");
    const hmac = new HmacSha256(key);
    const signature = nodeMac(key, "message").toString("base64");
    expect(hmac.verify("message", signature)).toBe(true);
    expect(hmac.verify("message", signature.replace(/=+$/, ""))).toBe(true);
    expect(hmac.verify("another message", signature)).toBe(false);
    const flipped = nodeMac(key, "message");
    flipped[31]! ^= 1;
    expect(hmac.verify("message", flipped.toString("base64"))).toBe(false);
    // 31 and 33 bytes: a MAC's prefix, or the MAC and one byte more, are not the MAC.
    expect(hmac.verify("message", nodeMac(key, "message").subarray(0, 31).toString("base64"))).toBe(false);
    expect(hmac.verify("message", Buffer.concat([nodeMac(key, "message"), Buffer.of(0)]).toString("base64"))).toBe(
      false,
    );
    // The same verifier, one message after another.
    for (const message of ["a", "é€😀", "x".repeat(2000), "message"])
      expect(hmac.verify(message, nodeMac(key, message).toString("base64"))).toBe(true);
  });

  it("compares a MAC with given bytes: equal only when every byte is", () => {
    const mac = new HmacSha256(Buffer.from("key")).mac("message");
    const bytes = Buffer.from(mac, "latin1");
    expect(macEquals(bytes, mac)).toBe(true);
    for (const i of [0, 17, 31]) {
      const changed = Buffer.from(bytes);
      changed[i]! ^= 1;
      expect(macEquals(changed, mac)).toBe(false);
    }
    expect(macEquals(bytes.subarray(0, 31), mac)).toBe(false);
  });
});
