import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { retryAfterMs } from "@transfer-call/client";

/** How a receiver answered a POST of events. */
export interface SendAnswer {
  status: number;
  /** The wait the receiver asked for (`Retry-After`, `retry-after-ms`, `x-ms-retry-after-ms`), if any. */
  retryAfterMs: number | undefined;
}

/**
 * POSTs a JSON body to a callback URI; resolves with the answer once its body has arrived, rejects
 * with a reason (no answer in time, refused, cut off mid-response).
 */
export type CallbackSender = (url: string, body: string, timeoutMs: number) => Promise<SendAnswer>;

/** A failed POST, with the reason the logs give. */
export class SendError extends Error {
  override readonly name = "SendError";
}

const HEADERS = { "content-type": "application/json", "user-agent": "transfer-call-emulator" };

/**
 * The default sender: node:http(s) with keep-alive agents, so consecutive POSTs to a receiver
 * reuse their connections (the deliverer limits how many go to one URI at once).
 */
export function httpCallbackSender(clock: () => number = Date.now): CallbackSender {
  const agents = {
    http: new HttpAgent({ keepAlive: true, scheduling: "lifo" }),
    https: new HttpsAgent({ keepAlive: true, scheduling: "lifo" }),
  };
  return (url, body, timeoutMs) =>
    new Promise<SendAnswer>((resolve, reject) => {
      const target = new URL(url);
      const https = target.protocol === "https:";
      const req = (https ? httpsRequest : httpRequest)(target, {
        method: "POST",
        agent: https ? agents.https : agents.http,
        headers: { ...HEADERS, "content-length": Buffer.byteLength(body) },
      });
      const timer = setTimeout(() => req.destroy(new SendError("receiver did not answer in time")), timeoutMs);
      const fail = (error: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(
          error instanceof SendError
            ? error
            : new SendError(error.code ? `${error.code}: ${error.message}` : error.message),
        );
      };
      req.on("error", fail);
      req.on("response", (res: IncomingMessage) => {
        res.on("error", fail);
        res.on("aborted", () => fail(new SendError("the receiver closed the connection mid-response")));
        res.on("end", () => {
          clearTimeout(timer);
          if (!res.complete) return fail(new SendError("the receiver closed the connection mid-response"));
          const headers = new Headers();
          for (const name of ["retry-after", "retry-after-ms", "x-ms-retry-after-ms"]) {
            const value = res.headers[name];
            if (typeof value === "string") headers.set(name, value);
          }
          resolve({ status: res.statusCode ?? 0, retryAfterMs: retryAfterMs(headers, clock()) });
        });
        res.resume();
      });
      req.end(body);
    });
}

/** A sender over a `fetch` (injected in tests to stand for an unreachable network). */
export function fetchCallbackSender(fetchImpl: typeof fetch, clock: () => number = Date.now): CallbackSender {
  return async (url, body, timeoutMs) => {
    try {
      const response = await fetchImpl(url, {
        method: "POST",
        headers: HEADERS,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(Math.max(timeoutMs, 1)),
      });
      await response.arrayBuffer();
      return { status: response.status, retryAfterMs: retryAfterMs(response.headers, clock()) };
    } catch (error) {
      throw new SendError(describeFetchError(error));
    }
  };
}

function describeFetchError(error: unknown): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "receiver did not answer in time";
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
