import { createHash, createHmac, randomUUID } from "node:crypto";

/** What the emulator answered. */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * POSTs a transferToParticipant request signed with HMAC-SHA256 exactly as ACS defines it,
 * computed here with node:crypto, independent of the SDK and of the server's verifier.
 */
export async function postTransfer(
  endpoint: string,
  accessKey: string,
  callConnectionId: string,
  body: unknown,
  options: { repeatabilityId?: string | false; firstSent?: string; apiVersion?: string } = {},
): Promise<Answer> {
  const url = new URL(
    `calling/callConnections/${encodeURIComponent(callConnectionId)}:transferToParticipant?api-version=${options.apiVersion ?? "2024-09-15"}`,
    endpoint,
  );
  const bytes = Buffer.from(JSON.stringify(body));
  const date = new Date().toUTCString();
  const contentHash = createHash("sha256").update(bytes).digest("base64");
  const toSign = `POST\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`;
  const signature = createHmac("sha256", Buffer.from(accessKey, "base64")).update(toSign).digest("base64");
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-ms-date": date,
    "x-ms-content-sha256": contentHash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  };
  if (options.repeatabilityId !== false) {
    headers["repeatability-request-id"] = options.repeatabilityId ?? randomUUID();
    headers["repeatability-first-sent"] = options.firstSent ?? new Date().toUTCString();
  }
  const response = await fetch(url, { method: "POST", headers, body: bytes });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A body that transfers to an ACS user, with a callback URI and an operationContext. */
export function transferBody(
  operationCallbackUri: string,
  operationContext: string,
  target = "8:acs:resource_target-user",
) {
  return {
    targetParticipant: { kind: "communicationUser", rawId: target, communicationUser: { id: target } },
    operationCallbackUri,
    operationContext,
  };
}
