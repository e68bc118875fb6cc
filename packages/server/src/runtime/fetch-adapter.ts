import { ApiError } from "./api-error.js";
import { apiError } from "./error-table.js";
import { CLIENT_GONE, ClientGoneError, type Outcome, type ServerRequest } from "./http-exchange.js";
import { DEFAULT_BODY_TIMEOUT_MS } from "./node-adapter.js";
import { payloadTooLarge } from "./request-body.js";
import type { RequestHandler } from "./request-handler.js";

/** A Web-standard Request seen as a ServerRequest. */
class FetchServerRequest implements ServerRequest {
  readonly method: string;
  readonly target: string;
  readonly #host: string;

  constructor(
    private readonly request: Request,
    private readonly bodyTimeoutMs: number,
  ) {
    const url = new URL(request.url);
    this.method = request.method;
    this.target = url.pathname + url.search;
    this.#host = url.host;
  }

  /** An arrow property: the request handler passes it around as a lookup function. */
  readonly header = (name: string): string | undefined => {
    const value = this.request.headers.get(name);
    if (value !== null) return value;
    return name === "host" ? this.#host : undefined;
  };

  duplicatedHeader(): string | undefined {
    // Headers joins duplicates with ", ": a joined Authorization or Content-Type then fails its own check.
    return undefined;
  }

  readBody(limit: number, onBody: (bytes: Uint8Array) => void, onError: (error: unknown) => void): void {
    this.#read(limit).then(onBody, onError);
  }

  async #read(limit: number): Promise<Uint8Array> {
    const declared = this.request.headers.get("content-length");
    if (declared !== null && Number(declared) > limit) throw payloadTooLarge(limit);
    if (!this.request.body) return new Uint8Array(0);
    const reader = this.request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(apiError("bodyTimeout", { timeoutMs: this.bodyTimeoutMs })), this.bodyTimeoutMs);
    });
    try {
      for (;;) {
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await Promise.race([reader.read(), timeout]);
        } catch (error) {
          if (error instanceof ApiError) throw error;
          throw new ClientGoneError();
        }
        if (step.done) break;
        size += step.value.byteLength;
        if (size > limit) throw payloadTooLarge(limit);
        chunks.push(step.value);
      }
    } catch (error) {
      void reader.cancel().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}

/** Adapts a request handler to a Web-standard `(Request) => Promise<Response>` handler (Hono, Deno, Bun, workers). */
export function toFetchHandler(
  handle: RequestHandler,
  options: { bodyTimeoutMs?: number } = {},
): (request: Request) => Promise<Response> {
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return async (request) => {
    const outcome = await new Promise<Outcome>((resolve) =>
      handle(new FetchServerRequest(request, bodyTimeoutMs), resolve),
    );
    // The client is gone: the host has nobody to send this to, whatever it does with it.
    if (outcome === CLIENT_GONE) return new Response(null, { status: 400 });
    return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
  };
}
