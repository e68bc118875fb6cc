import { createServer, type IncomingMessage, type Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiError } from "./error-table.js";
import { jsonLogger, type Logger } from "./logger.js";
import { malformedRequestError, rawErrorResponse } from "./malformed-request.js";

/** Anything with a node:http listener: a service from createTransferService. */
export interface NodeListenable {
  handleNode(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * A route served in front of the service, outside the API (a health check, a docs page): it
 * answers the requests it owns and resolves `true`, or resolves `false` to pass the request on.
 */
export type FrontRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface ListenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** How long close() lets requests in flight finish before cutting connections. Default 5 s. */
  closeGraceMs?: number;
  /** Tried in order before the service; the first that answers the request wins. Default none. */
  routes?: readonly FrontRoute[];
  /** Where a front route that throws is reported. Default: JSON lines on stderr. */
  logger?: Logger;
}

export interface RunningServer {
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Stops accepting connections, lets requests in flight finish (up to the grace period), closes the rest. */
  close(): Promise<void>;
}

/** How much of a refused request's body is read and dropped before the connection closes, at most. */
const DRAIN_LIMIT_BYTES = 4 * 1024 * 1024;
/** How long that may take, at most. */
const DRAIN_TIMEOUT_MS = 2_000;

/**
 * A response that, when it closes the connection before the request's body has arrived (a 413,
 * a 408, a refusal before the body was read), sends its answer first and then reads and drops up to
 * DRAIN_LIMIT_BYTES of the body for up to DRAIN_TIMEOUT_MS before closing. Closing at once would
 * make the kernel reset the connection while the client is still sending, and the client would see
 * EPIPE or ECONNRESET instead of the answer.
 */
class DrainingResponse extends ServerResponse {
  #draining = false;

  // node's overloads: end(callback?), end(chunk, callback?), end(chunk, encoding, callback?).
  override end(chunk?: any, encoding?: any, callback?: any): this {
    const req = this.req;
    if (this.#draining || this.shouldKeepAlive || req.complete || req.destroyed) {
      return super.end(chunk, encoding, callback);
    }
    this.#draining = true;
    const done = [chunk, encoding, callback].find((arg) => typeof arg === "function");
    if (chunk !== undefined && typeof chunk !== "function") {
      super.write(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    }
    drainBody(req, () => super.end(done));
    return this;
  }
}

function drainBody(req: IncomingMessage, then: () => void): void {
  let drained = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    then();
  };
  const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) finish();
  });
  req.on("end", finish);
  req.on("close", finish);
  req.resume();
}

/** An HTTP/1.1 request without Host (node:http would answer it with an empty 400). */
function lacksHost(req: IncomingMessage): boolean {
  return req.headers.host === undefined && req.httpVersionMinor === 1 && req.httpVersionMajor === 1;
}

function refuseWithoutHost(res: ServerResponse): void {
  const error = apiError("missingHost");
  const body = JSON.stringify(error.toResponseBody());
  res.writeHead(error.status, {
    ...error.headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

const FRONT_ROUTE_FAILED = JSON.stringify({
  error: { code: "InternalServerError", message: "The server failed to answer." },
});

/** The request listener: the front routes in order, then the service. */
function frontDoor(service: NodeListenable, routes: readonly FrontRoute[], logger: Logger) {
  if (routes.length === 0)
    return (req: IncomingMessage, res: ServerResponse) =>
      lacksHost(req) ? refuseWithoutHost(res) : service.handleNode(req, res);
  // Routes that answer synchronously (most, for most requests) cost no promise.
  const serve = (req: IncomingMessage, res: ServerResponse, from = 0): void | Promise<void> => {
    if (from === 0 && lacksHost(req)) return refuseWithoutHost(res);
    for (let i = from; i < routes.length; i++) {
      const answered = routes[i]!(req, res);
      if (answered === true) return;
      if (answered !== false) return answered.then((done) => (done ? undefined : serve(req, res, i + 1)));
    }
    service.handleNode(req, res);
  };
  const failed = (res: ServerResponse, error: unknown) => {
    logger.error("a route in front of the service failed", { error });
    if (res.headersSent) return void res.destroy();
    res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
    res.end(FRONT_ROUTE_FAILED);
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    try {
      serve(req, res)?.catch((error: unknown) => failed(res, error));
    } catch (error) {
      failed(res, error);
    }
  };
}

/**
 * Serves a service on node:http and resolves once it is listening. Every request, the caller's
 * front routes included, comes through this one door: malformed HTTP is answered in the API's
 * error format (naming what is wrong), a body refused before it arrived is drained (bounded) so the
 * client reads the answer, and close() is graceful.
 */
export async function listen(service: NodeListenable, options: ListenOptions = {}): Promise<RunningServer> {
  const server = createServer(
    // The cast: node's types want a response class generic in its request type.
    { ServerResponse: DrainingResponse as typeof ServerResponse, requireHostHeader: false },
    frontDoor(service, options.routes ?? [], options.logger ?? jsonLogger),
  );
  // Malformed HTTP never reaches the pipeline: answer it in the API's error format too.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    socket.end(rawErrorResponse(malformedRequestError(error.code)));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const grace = options.closeGraceMs ?? 5_000;
  return {
    url: `http://${shownHost}:${address.port}`,
    host: address.address,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), grace);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
