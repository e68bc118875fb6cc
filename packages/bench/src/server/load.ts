import { createHash, createHmac, randomUUID } from "node:crypto";
import { operationRoutes } from "@transfer-call/server";

/** The access key the bench servers check signatures with. */
export const ACCESS_KEY = Buffer.from("bench access key, thirty-two bytes").toString("base64");
/** The api-version every bench request names. */
export const API_VERSION = "2024-09-15";
/** The operation the bench loads. */
export const TRANSFER_OPERATION = "CallConnection_TransferToParticipant";
/** Its route as generated from the spec. */
const TRANSFER = operationRoutes.find((route) => route.operationId === TRANSFER_OPERATION)!;
/** Its path template, e.g. `/calling/callConnections/{callConnectionId}:transferToParticipant`. */
export const TRANSFER_PATH_TEMPLATE = TRANSFER.path;

/** The request-target of a transfer on the call `callConnectionId`, at API_VERSION. */
export function transferPath(callConnectionId: string): string {
  const path = TRANSFER_PATH_TEMPLATE.replace("{callConnectionId}", encodeURIComponent(callConnectionId));
  return `${path}?api-version=${API_VERSION}`;
}

export const PATH = transferPath("18dea47f-b081-4107-9a5c-4300819d2c6c");
export const BODY = JSON.stringify({
  targetParticipant: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
  customCallingContext: { voipHeaders: {}, sipHeaders: { "X-MS-Custom-ticket": "T-1234" } },
  operationCallbackUri: "https://app.contoso.com/callback/transfers",
  operationContext: "bench-transfer",
});
export const CONNECTIONS = 16;

/** The HMAC-SHA256 headers of a POST (by default the bench's transfer) to a server on `port`, signed at `date`. */
export function signedHeaders(port: number, date = new Date(), path = PATH, body = BODY): Record<string, string> {
  const sentAt = date.toUTCString();
  const hash = createHash("sha256").update(body).digest("base64");
  const host = `127.0.0.1:${port}`;
  const signature = createHmac("sha256", Buffer.from(ACCESS_KEY, "base64"))
    .update(`POST\n${path}\n${sentAt};${host};${hash}`)
    .digest("base64");
  return {
    "content-type": "application/json",
    "x-ms-date": sentAt,
    "x-ms-content-sha256": hash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

/** The start line and header lines of an HTTP/1.1 request, each line ending in CRLF. */
function requestHead(method: string, path: string, headers: Record<string, string>): string {
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return head;
}

/** An HTTP/1.1 request message (latin1) with a Content-Length, for httpLoad. */
export function httpMessage(method: string, path: string, headers: Record<string, string>, body: string): string {
  return `${requestHead(method, path, headers)}content-length: ${Buffer.byteLength(body, "latin1")}\r\n\r\n${body}`;
}

/**
 * The bench requests for a server on `port`, one message per call. Every request is signed with the
 * current date (signed again each second, so a long run, such as one under valgrind, never falls
 * outside the servers' clock skew) and carries a fresh Repeatability-Request-ID (so the repeatable path
 * runs the handler and stores a record, never the replay path), or, with repeatability off, a fresh
 * header of the same size under another name, so the load generator does the same work either way.
 */
export function transferRequests(port: number, repeatable: boolean): () => string {
  const idHeader = repeatable ? "repeatability-request-id" : "x-bench-request-id";
  const tail = `content-length: ${Buffer.byteLength(BODY, "latin1")}\r\n\r\n${BODY}`;
  let signedSecond = -1;
  let head = "";
  return () => {
    const second = Math.floor(Date.now() / 1000);
    if (second !== signedSecond) {
      const now = new Date(second * 1000);
      signedSecond = second;
      head = requestHead("POST", PATH, {
        host: `127.0.0.1:${port}`,
        ...signedHeaders(port, now),
        "repeatability-first-sent": now.toUTCString(),
      });
    }
    return `${head}${idHeader}: ${randomUUID()}\r\n${tail}`;
  };
}
