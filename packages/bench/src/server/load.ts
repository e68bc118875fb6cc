import { createHash, createHmac, randomUUID } from "node:crypto";

/** The access key the bench servers check signatures with. */
export const ACCESS_KEY = Buffer.from("bench access key, thirty-two bytes").toString("base64");
/** The api-version every bench request names. */
export const API_VERSION = "2024-09-15";
export const PATH = `/calling/callConnections/18dea47f-b081-4107-9a5c-4300819d2c6c:transferToParticipant?api-version=${API_VERSION}`;
export const BODY = JSON.stringify({
  targetParticipant: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
  customCallingContext: { voipHeaders: {}, sipHeaders: { "X-MS-Custom-ticket": "T-1234" } },
  operationCallbackUri: "https://app.contoso.com/callback/transfers",
  operationContext: "bench-transfer",
});
export const CONNECTIONS = 16;

/** The HMAC-SHA256 headers of the bench request for a server on `port`, signed now. */
export function signedHeaders(port: number, date = new Date()): Record<string, string> {
  const sentAt = date.toUTCString();
  const hash = createHash("sha256").update(BODY).digest("base64");
  const host = `127.0.0.1:${port}`;
  const signature = createHmac("sha256", Buffer.from(ACCESS_KEY, "base64"))
    .update(`POST\n${PATH}\n${sentAt};${host};${hash}`)
    .digest("base64");
  return {
    "content-type": "application/json",
    "x-ms-date": sentAt,
    "x-ms-content-sha256": hash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
}

/**
 * The autocannon options for one server. Every request is signed with the current date (signed again
 * each second, so a long run, such as one under valgrind, never falls outside the servers' clock skew)
 * and carries a fresh Repeatability-Request-ID (so the repeatable path runs the handler and stores a
 * record, never the replay path), or, with repeatability off, a fresh header of the same size under
 * another name, so the load generator does the same work either way.
 */
export function loadOptions(port: number, repeatable: boolean) {
  const idHeader = repeatable ? "repeatability-request-id" : "x-bench-request-id";
  let signedAt = "";
  let headers: Record<string, string> = {};
  const currentHeaders = () => {
    const now = new Date();
    if (now.toUTCString() !== signedAt) {
      signedAt = now.toUTCString();
      headers = signedHeaders(port, now);
    }
    return headers;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    requests: [
      {
        method: "POST",
        path: PATH,
        headers: currentHeaders(),
        body: BODY,
        setupRequest: (req: { headers: Record<string, string> }) => ({
          ...req,
          headers: {
            ...req.headers,
            ...currentHeaders(),
            [idHeader]: randomUUID(),
            "repeatability-first-sent": signedAt,
          },
        }),
      },
    ],
  };
}
