import type { IncomingMessage, ServerResponse as NodeResponse } from "node:http";
import { apiError } from "./error-table.js";
import {
  CLIENT_GONE,
  ClientGoneError,
  type Outcome,
  type OutgoingResponse,
  type ServerRequest,
} from "./http-exchange.js";
import { payloadTooLarge } from "./request-body.js";
import type { RequestHandler } from "./request-handler.js";

/** How long a request body may take to arrive before the server answers 408. Default 30 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/**
 * The body deadlines of one listener, checked by one coarse timer instead of a timer per request
 * (a setTimeout/clearTimeout pair costs about 1.5 µs and two objects on every request, though it
 * almost never fires). The check runs every quarter of the timeout, at most every second, so a
 * stalled upload is answered between 1 and 1.25 timeouts (for the 30 s default: at most 31 s). The
 * timer stops when nothing is pending and is unref'd, so it never keeps a process alive.
 */
class BodyDeadlines {
  readonly #pending = new Map<(error: unknown) => void, number>();
  readonly #periodMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly timeoutMs: number) {
    this.#periodMs = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 4)));
  }

  add(fail: (error: unknown) => void): void {
    this.#pending.set(fail, Date.now() + this.timeoutMs);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#check(), this.#periodMs);
      this.#timer.unref();
    }
  }

  delete(fail: (error: unknown) => void): void {
    this.#pending.delete(fail);
  }

  #check(): void {
    if (this.#pending.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = Date.now();
    for (const [fail, deadline] of this.#pending) {
      if (deadline <= now) {
        this.#pending.delete(fail);
        fail(apiError("bodyTimeout", { timeoutMs: this.timeoutMs }));
      }
    }
  }
}

/** A node:http request seen as a ServerRequest. */
class NodeServerRequest implements ServerRequest {
  readonly method: string;
  readonly target: string;

  constructor(
    private readonly req: IncomingMessage,
    private readonly deadlines: BodyDeadlines,
  ) {
    this.method = req.method ?? "GET";
    this.target = req.url ?? "/";
  }

  /** An arrow property: the request handler passes it around as a lookup function. */
  readonly header = (name: string): string | undefined => {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };

  duplicatedHeader(names: readonly string[]): string | undefined {
    // node keeps the first of some duplicated headers (authorization, host, content-type) and drops
    // the rest silently; the raw list shows them all. Lengths are compared before case-folding.
    const raw = this.req.rawHeaders;
    // A bit per name length (bit 0 for any length over 31), so most headers are passed over by length alone.
    let lengths = 0;
    for (let j = 0; j < names.length; j++) lengths |= lengthBit(names[j]!);
    let seen: string[] | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const rawName = raw[i]!;
      if ((lengths & lengthBit(rawName)) === 0) continue;
      // Most clients send lower-case names: those are found without making a lower-case copy.
      const name = names.includes(rawName) ? rawName : rawName.toLowerCase();
      if (name !== rawName && !names.includes(name)) continue;
      if (seen?.includes(name)) return name;
      (seen ??= []).push(name);
    }
    return undefined;
  }

  readBody(limit: number, onBody: (bytes: Uint8Array) => void, onError: (error: unknown) => void): void {
    const req = this.req;
    const declared = req.headers["content-length"];
    const length = declared === undefined ? -1 : Number(declared);
    if (length > limit) {
      process.nextTick(onError, payloadTooLarge(limit));
      return;
    }
    // node calls the listener as soon as the headers are parsed, before it parses on. A small body
    // usually arrives in the same packet: by the next tick node has parsed it into the request's
    // buffer, and it is taken from there without listeners, stream events or a promise.
    process.nextTick(takeBody, req, length, limit, this.deadlines, onBody, onError);
  }
}

/**
 * The body, when all of it is in (the message is complete, or the buffer holds the declared
 * Content-Length, which the parser enforces as the framing); otherwise it is streamed.
 */
function takeBody(
  req: IncomingMessage,
  declaredLength: number,
  limit: number,
  deadlines: BodyDeadlines,
  onBody: (bytes: Uint8Array) => void,
  onError: (error: unknown) => void,
): void {
  const buffered = req.readableLength;
  if (!req.complete && buffered !== declaredLength) {
    streamBody(req, limit, deadlines, onBody, onError);
    return;
  }
  if (buffered > limit) {
    onError(payloadTooLarge(limit));
    return;
  }
  onBody(buffered === 0 ? EMPTY : (req.read() as Buffer));
}

/** Reads a body that is still arriving, within the size limit and the listener's body deadline. */
function streamBody(
  req: IncomingMessage,
  limit: number,
  deadlines: BodyDeadlines,
  onBody: (bytes: Uint8Array) => void,
  onError: (error: unknown) => void,
): void {
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  // Listeners stay attached once settled (the request object ends with the exchange); `settled` mutes them.
  const fail = (error: unknown) => {
    if (settled) return;
    settled = true;
    deadlines.delete(fail);
    // Stop reading: the answer goes out with `connection: close` and the socket is dropped.
    req.pause();
    onError(error);
  };
  const done = () => {
    settled = true;
    deadlines.delete(fail);
    onBody(chunks ? Buffer.concat(chunks, size) : (first ?? EMPTY));
  };
  deadlines.add(fail);
  req.on("data", (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > limit) fail(payloadTooLarge(limit));
    else if (first === undefined) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on("end", () => {
    if (!settled) done();
  });
  // node 20 emits "error" on an aborted request only when it has listeners; "close" tells the same.
  req.on("close", () => {
    if (settled) return;
    if (req.complete) done();
    else fail(new ClientGoneError());
  });
}

const EMPTY = Buffer.alloc(0);

function lengthBit(name: string): number {
  return name.length > 31 ? 1 : 1 << name.length;
}

/** Writes a response to node:http. */
export function writeNodeResponse(res: NodeResponse, response: OutgoingResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers = response.headers;
  headers["content-length"] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** Adapts a request handler to a node:http `(req, res)` listener. */
export function toNodeListener(
  handle: RequestHandler,
  options: { bodyTimeoutMs?: number } = {},
): (req: IncomingMessage, res: NodeResponse) => void {
  const deadlines = new BodyDeadlines(options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
  return (req, res) => {
    try {
      handle(new NodeServerRequest(req, deadlines), (outcome) => send(res, outcome));
    } catch {
      adapterFailed(res);
    }
  };
}

function send(res: NodeResponse, outcome: Outcome): void {
  if (outcome === CLIENT_GONE) {
    res.destroy();
    return;
  }
  if (outcome.headers.connection === "close") res.shouldKeepAlive = false;
  try {
    writeNodeResponse(res, outcome);
  } catch {
    adapterFailed(res);
  }
}

/** The request handler answers every error itself; reaching here means a bug in an adapter. */
function adapterFailed(res: NodeResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
  res.end('{"error":{"code":"InternalServerError","message":"The server could not process the request."}}');
}
