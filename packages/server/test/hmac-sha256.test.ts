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
