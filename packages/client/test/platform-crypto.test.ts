import { createHash, createHmac } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha256Signer, sha256Base64 } from "#platform-crypto";
import * as web from "../src/crypto-web.js";
import { oneCallBundle } from "./support/one-call-bundle.js";

const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const KEY = new Uint8Array(Buffer.from("platform-crypto-key-0123456789ab"));

/** The minified bundle of one signed transfer call for a platform, as an app's bundler makes it. */
async function signedTransferBundle(platform: "browser" | "node"): Promise<string> {
  return new TextDecoder().decode(await oneCallBundle(PACKAGE, platform));
}

describe("the platform's crypto for HMAC signing", () => {
  it("is node:crypto under the node condition: synchronous, and the same digests as Web Crypto's", async () => {
    const body = new TextEncoder().encode('{"targetParticipant":{}}');
    const hash = sha256Base64(body);
    expect(typeof hash).toBe("string");
    expect(hash).toBe(createHash("sha256").update(body).digest("base64"));
    expect(await web.sha256Base64(body)).toBe(hash);
    const signature = hmacSha256Signer(KEY)("POST\n/x\ndate;host;hash");
    expect(typeof signature).toBe("string");
    expect(signature).toBe(createHmac("sha256", KEY).update("POST\n/x\ndate;host;hash").digest("base64"));
    expect(await web.hmacSha256Signer(KEY)("POST\n/x\ndate;host;hash")).toBe(signature);
  });

  it("signs as node:crypto's HMAC for any key length and message, one signer reused", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.string({ unit: "binary", maxLength: 600 })),
        (key, texts) => {
          const sign = hmacSha256Signer(new Uint8Array(key));
          for (const text of [...texts, "x".repeat(3000), "é€😀".repeat(500)])
            expect(sign(text)).toBe(createHmac("sha256", key).update(text, "utf8").digest("base64"));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("is Web Crypto in a browser bundle, which has no node: import", async () => {
    const code = await signedTransferBundle("browser");
    expect(code).toContain("crypto.subtle");
    expect(code).not.toContain("node:");
  });

  it("is node:crypto in a bundle for Node", async () => {
    const code = await signedTransferBundle("node");
    expect(code).toContain("node:crypto");
    expect(code).not.toContain("crypto.subtle");
  });
});
