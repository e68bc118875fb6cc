import { maxHeaderSize } from "node:http";
import type { ApiError } from "./api-error.js";
import { apiError } from "./error-table.js";

/**
 * What was wrong, by the code of node's HTTP parser (llhttp) or of node:http, and the header or
 * part of the request it concerns. Codes not listed get a general description.
 */
const PARSER_ERRORS: Record<string, [detail: string, target: string]> = {
  HPE_INVALID_METHOD: ["the method is not a valid token", "method"],
  HPE_INVALID_URL: ["the request target is not valid", "path"],
  HPE_INVALID_VERSION: [
    "the HTTP version is not HTTP/1.0 or HTTP/1.1, or the request line does not end with CRLF",
    "version",
  ],
  HPE_INVALID_CONSTANT: ["the request line is not METHOD target HTTP/1.1", "request line"],
  HPE_INVALID_HEADER_TOKEN: ["a header name is not a valid token, or a header line has no colon", "headers"],
  HPE_INVALID_CONTENT_LENGTH: ["Content-Length is not a number", "Content-Length"],
  HPE_UNEXPECTED_CONTENT_LENGTH: ["Content-Length is sent twice, or together with Transfer-Encoding", "Content-Length"],
  HPE_INVALID_TRANSFER_ENCODING: [
    "Transfer-Encoding must end with chunked, and must not come with Content-Length",
    "Transfer-Encoding",
  ],
  HPE_INVALID_CHUNK_SIZE: ["a chunk size is not a hexadecimal number", "Transfer-Encoding"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ["the chunk extensions are too large", "Transfer-Encoding"],
  HPE_STRICT: ["a chunk is not followed by CRLF", "Transfer-Encoding"],
  HPE_CR_EXPECTED: ["lines must end with CRLF", "request"],
  HPE_LF_EXPECTED: ["lines must end with CRLF", "request"],
  HPE_INVALID_HEADER_VALUE: ["a header value holds a character that is not allowed", "headers"],
  HPE_INVALID_EOF_STATE: ["the connection ended in the middle of the request", "request"],
};

/**
 * The API error for a request node:http refused before it reached the pipeline; body-less GET or
 * DELETE requests followed by stray bytes end up here too (the bytes are parsed as the next request).
 */
export function malformedRequestError(code: string | undefined): ApiError {
  if (code === "HPE_HEADER_OVERFLOW") return apiError("headersTooLarge", { limit: maxHeaderSize });
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return apiError("headersTimeout");
  const [detail, target] = (code && PARSER_ERRORS[code]) || ["the request could not be parsed"];
  return apiError("malformedRequest", target === undefined ? { detail } : { detail, target });
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** The error as raw HTTP/1.1 bytes, for a socket the parser gave up on (the connection closes after it). */
export function rawErrorResponse(error: ApiError): string {
  const body = JSON.stringify(error.toResponseBody());
  return (
    `HTTP/1.1 ${error.status} ${REASONS[error.status] ?? "Error"}\r\n` +
    "content-type: application/json; charset=utf-8\r\n" +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    "connection: close\r\n\r\n" +
    body
  );
}
