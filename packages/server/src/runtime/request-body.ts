import { isUtf8 } from "node:buffer";
import type { ApiError } from "./api-error.js";
import { apiError } from "./error-table.js";

/** The default body limit: 64 KiB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export function payloadTooLarge(limit: number): ApiError {
  return apiError("payloadTooLarge", { limit });
}

/**
 * Checks the Content-Type against the one the operation declares. Parameters other than
 * `charset=utf-8` are refused: JSON is UTF-8 (RFC 8259), and a body claimed in another charset
 * would be read wrongly.
 */
export function checkContentType(header: string | undefined, expected: string): void {
  // The forms clients send almost always, accepted without taking the header apart.
  if (header === expected || header === `${expected}; charset=utf-8`) return;
  if (header === undefined || header.trim() === "") {
    throw apiError("missingContentType", { expected });
  }
  const [type, ...params] = header.split(";");
  if (type!.trim().toLowerCase() !== expected) {
    throw apiError("wrongContentType", { expected });
  }
  for (const param of params) {
    const [name, value = ""] = param.split("=");
    const n = name!.trim().toLowerCase();
    const v = value
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
    if (n === "" && v === "") continue;
    if (n !== "charset" || (v !== "utf-8" && v !== "utf8")) {
      throw apiError("contentTypeParameter", { parameter: param.trim() });
    }
  }
}

/** Decodes a UTF-8 JSON body, answering invalid UTF-8 and malformed JSON with a 400. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  const text = (
    Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  ).toString("utf8");
  // The decoder turns invalid UTF-8 into U+FFFD. A text without one (for ASCII text V8 answers
  // without looking) was valid; one with it is checked byte by byte, since U+FFFD may have been sent.
  if (text.includes("\uFFFD") && !isUtf8(bytes)) {
    throw apiError("invalidEncoding");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 says where ("Unexpected token } in JSON at position 12"); a stack overflow on absurd nesting says nothing useful.
    const detail = error instanceof SyntaxError ? error.message : "it is nested too deeply";
    throw apiError("invalidJson", { detail });
  }
}
