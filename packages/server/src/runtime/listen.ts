import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { jsonLogger, type Logger } from "./logger.js";

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

/** The status, reason and API error for a request node:http refused before it reached the pipeline. */
function clientErrorResponse(code: string | undefined): string {
  const [status, reason, errorCode, message] =
    code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "RequestHeaderFieldsTooLarge", "The request headers are too large."]
      : code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "RequestTimeout", "The request did not arrive in time."]
        : [400, "Bad Request", "BadRequest", "The request is not valid HTTP/1.1."];
  const body = JSON.stringify({ error: { code: errorCode, message } });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

const FRONT_ROUTE_FAILED = JSON.stringify({
  error: { code: "InternalServerError", message: "The server failed to answer." },
});

/** The request listener: the front routes in order, then the service. */
function frontDoor(service: NodeListenable, routes: readonly FrontRoute[], logger: Logger) {
  if (routes.length === 0) return (req: IncomingMessage, res: ServerResponse) => service.handleNode(req, res);
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const route of routes) if (await route(req, res)) return;
    service.handleNode(req, res);
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch((error: unknown) => {
      logger.error("a route in front of the service failed", { error });
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(FRONT_ROUTE_FAILED);
    });
  };
}

/**
 * Serves a service on node:http and resolves once it is listening. Every request, the caller's
 * front routes included, comes through this one door: malformed HTTP is answered in the API's
 * error format, and close() is graceful.
 */
export async function listen(service: NodeListenable, options: ListenOptions = {}): Promise<RunningServer> {
  const server = createServer(frontDoor(service, options.routes ?? [], options.logger ?? jsonLogger));
  // Malformed HTTP never reaches the pipeline: answer it in the API's error format too.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error.code));
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
