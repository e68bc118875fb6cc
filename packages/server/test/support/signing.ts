import { createHash, createHmac } from "node:crypto";

/** An independent HMAC-SHA256 signer, written from the reference (not from the server's verifier). */
export function signRequest(options: {
  method: string;
  url: string;
  body: string | Uint8Array;
  accessKey: string;
  date?: Date;
}): Record<string, string> {
  const url = new URL(options.url);
  const body = typeof options.body === "string" ? Buffer.from(options.body) : Buffer.from(options.body);
  const contentHash = createHash("sha256").update(body).digest("base64");
  const date = (options.date ?? new Date()).toUTCString();
  const stringToSign = `${options.method}\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`;
  const signature = createHmac("sha256", Buffer.from(options.accessKey, "base64"))
    .update(stringToSign)
    .digest("base64");
  return {
    "x-ms-date": date,
    "x-ms-content-sha256": contentHash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

export const ACCESS_KEY = Buffer.from("a test access key of thirty-two bytes!!").toString("base64");
