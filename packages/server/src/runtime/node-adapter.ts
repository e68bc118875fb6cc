import type { IncomingMessage, ServerResponse as NodeResponse } from "node:http";
import { ApiError, ErrorCodes } from "./api-error.js";
import { ClientGoneError, type ServerRequest, type ServerResponse } from "./http-exchange.js";
import { payloadTooLarge } from "./request-body.js";

/** How long a request body may take to arrive before the server answers 408. Default 30 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

function requestTimeout(ms: number): ApiError {
  return new ApiError(408, ErrorCodes.requestTimeout, `The request body did not arrive within ${Math.round(ms / 1000)} s.`, {
    headers: { connection: "close" },
  });
}

/** A node:http request seen as a ServerRequest. */
class NodeServerRequest implements ServerRequest {
  readonly method: string;
  readonly target: string;

  constructor(private readonly req: IncomingMessage, private readonly bodyTimeoutMs: number) {
    this.method = req.method ?? "GET";
    this.target = req.url ?? "/";
  }

  /** An arrow property: the pipeline passes it around as a lookup function. */
  readonly header = (name: string): string | undefined => {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };

  duplicatedHeader(names: readonly string[]): string | undefined {
    // node keeps the first of some duplicated headers (authorization, host, content-type) and drops
    // the rest silently; the raw list shows them all. Lengths are compared before case-folding.
    const raw = this.req.rawHeaders;
    let seen: string[] | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const rawName = raw[i]!;
      let candidate = false;
      for (let j = 0; j < names.length; j++) if (names[j]!.length === rawName.length) candidate = true;
      if (!candidate) continue;
      const name = rawName.toLowerCase();
      if (!names.includes(name)) continue;
      if (seen?.includes(name)) return name;
      (seen ??= []).push(name);
    }
    return undefined;
  }

  readBody(limit: number): Promise<Uint8Array> {
    const req = this.req;
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > limit) return Promise.reject(payloadTooLarge(limit));
    return new Promise<Uint8Array>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (error: unknown, value?: Uint8Array) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.off("data", onData).off("end", onEnd).off("close", onClose);
        if (error) {
          // Stop reading: the answer goes out with `connection: close` and the socket is dropped.
          req.pause();
          reject(error);
        } else resolve(value!);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) finish(payloadTooLarge(limit));
        else chunks.push(chunk);
      };
      const onEnd = () => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      const onClose = () => finish(req.complete ? undefined : new ClientGoneError(), Buffer.concat(chunks, size));
      const timer = setTimeout(() => finish(requestTimeout(this.bodyTimeoutMs)), this.bodyTimeoutMs);
      req.on("data", onData).on("end", onEnd).on("close", onClose);
    });
  }
}

/** Writes a ServerResponse to node:http. */
export function writeNodeResponse(res: NodeResponse, response: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers = response.headers;
  headers["content-length"] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** Adapts a pipeline to a node:http `(req, res)` listener. */
export function toNodeListener(
  handle: (request: ServerRequest) => Promise<ServerResponse>,
  options: { bodyTimeoutMs?: number } = {},
): (req: IncomingMessage, res: NodeResponse) => void {
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return (req, res) => {
    // An aborted upload emits "error" on the request; with no listener it would crash the process.
    req.on("error", noop);
    handle(new NodeServerRequest(req, bodyTimeoutMs)).then(
      (response) => {
        if (response.status === 499) {
          res.destroy();
          return;
        }
        if (response.headers.connection === "close") res.shouldKeepAlive = false;
        writeNodeResponse(res, response);
      },
      () => {
        // handle() answers every error itself; reaching here means a bug in an adapter.
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end('{"error":{"code":"InternalServerError","message":"The server could not process the request."}}');
      },
    );
  };
}

function noop(): void {}
