import { isUtf8 } from "node:buffer";
import { ApiError, ErrorCodes } from "./api-error.js";

/** The default body limit: 64 KiB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export function payloadTooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    ErrorCodes.payloadTooLarge,
    `The request body is larger than the ${limit} bytes this service accepts.`,
    {
      headers: { connection: "close" },
    },
  );
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
    throw new ApiError(415, ErrorCodes.unsupportedMediaType, `The request has no Content-Type; send ${expected}.`, {
      target: "Content-Type",
    });
  }
  const [type, ...params] = header.split(";");
  if (type!.trim().toLowerCase() !== expected) {
    throw new ApiError(415, ErrorCodes.unsupportedMediaType, `The Content-Type must be ${expected}.`, {
      target: "Content-Type",
    });
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
      throw new ApiError(
        415,
        ErrorCodes.unsupportedMediaType,
        `The Content-Type parameter "${param.trim()}" is not supported; JSON is sent as UTF-8.`,
        {
          target: "Content-Type",
        },
      );
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
    throw new ApiError(400, ErrorCodes.invalidEncoding, "The request body is not valid UTF-8.", { target: "body" });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 says where ("Unexpected token } in JSON at position 12"); a stack overflow on absurd nesting says nothing useful.
    const detail = error instanceof SyntaxError ? error.message : "it is nested too deeply";
    throw new ApiError(400, ErrorCodes.invalidJson, `The request body is not valid JSON: ${detail}`, {
      target: "body",
    });
  }
}
