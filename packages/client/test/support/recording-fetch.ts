import type { FetchLike } from "../../src/index.js";

/** One request as the injected fetch saw it. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: Uint8Array;
  signal: AbortSignal | undefined;
}

/** What the fake answers for attempt `n` (0-based): a response, or an error to throw. */
export type Answer = (request: RecordedRequest, attempt: number) => Response | Error | Promise<Response | Error>;

/** A `fetch` that records every attempt and answers from a script; no global is touched. */
export function recordingFetch(answer: Answer): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    const body =
      init.body === undefined || init.body === null
        ? new Uint8Array(0)
        : new Uint8Array(await new Response(init.body).arrayBuffer());
    const request: RecordedRequest = {
      url: input,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body,
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    const result = await answer(request, requests.length - 1);
    if (result instanceof Error) throw result;
    return result;
  };
  return Object.assign(fetch, { requests });
}

/** A 202 with the operationContext echoed. */
export function accepted(operationContext = "ctx"): Response {
  return new Response(JSON.stringify({ operationContext }), {
    status: 202,
    headers: { "content-type": "application/json" },
  });
}

/** An answer with a status and optional headers and body. */
export function status(code: number, headers: Record<string, string> = {}, body = ""): Response {
  return new Response(code === 204 || code === 304 ? null : body, { status: code, headers });
}
