import type { IncomingMessage, ServerResponse as NodeResponse } from "node:http";
import type { OperationHandlers } from "./generated/handlers.gen.js";
import { operationRoutes, responseSchemas } from "./generated/routes.gen.js";
import { type AuthOptions, createAuthenticator } from "./runtime/authentication.js";
import { toFetchHandler } from "./runtime/fetch-adapter.js";
import type { Outcome, ServerRequest } from "./runtime/http-exchange.js";
import { jsonLogger, type Logger } from "./runtime/logger.js";
import { MemoryRepeatabilityStore } from "./runtime/memory-repeatability-store.js";
import { toNodeListener } from "./runtime/node-adapter.js";
import type { OperationRoute } from "./runtime/operation-route.js";
import { DEFAULT_REPEATABILITY_TTL_MS, type RepeatabilitySettings } from "./runtime/repeatability.js";
import type { RepeatabilityStore } from "./runtime/repeatability-store.js";
import { DEFAULT_BODY_LIMIT } from "./runtime/request-body.js";
import { type AnyHandler, createRequestHandler } from "./runtime/request-handler.js";

export interface RepeatabilityOptions {
  /** Where records live. Default: a MemoryRepeatabilityStore (one process). */
  store?: RepeatabilityStore;
  /** How long a response is kept for replay, and how old Repeatability-First-Sent may be. Default 5 minutes. */
  ttlMs?: number;
  /** How long a running request holds its id. Default 30 s. */
  leaseMs?: number;
  /** How long a concurrent duplicate waits for the original. Default 10 s. */
  waitMs?: number;
}

export interface TransferServiceOptions {
  /** The business logic: one method per operation of the spec. */
  handlers: OperationHandlers;
  /** HMAC access key and/or a bearer-token hook; `false` turns authentication off. */
  auth: AuthOptions;
  /** Repeatable requests; `false` ignores the repeatability headers (they are still validated). */
  repeatability?: RepeatabilityOptions | false;
  /** The largest request body accepted, in bytes. Default 64 KiB. */
  bodyLimit?: number;
  /** How long a request body may take to arrive (checked every quarter of it, at most every second, so a stalled upload is answered within 1.25× this). Default 30 s. */
  bodyTimeoutMs?: number;
  /** Default: JSON lines on stderr. */
  logger?: Logger;
  /** The clock, for tests. */
  now?: () => number;
}

export interface TransferService {
  /** The node:http listener: `http.createServer(service.handleNode)`. */
  handleNode(req: IncomingMessage, res: NodeResponse): void;
  /** The Web-standard handler: `(Request) => Promise<Response>`, for Hono, Deno, Bun and workers. */
  fetch(request: Request): Promise<Response>;
  /** The platform-neutral request handler the adapters share: the response, or CLIENT_GONE when there is nobody to answer. */
  handle(request: ServerRequest): Promise<Outcome>;
  /** The operations served, as generated from the spec. */
  routes: readonly OperationRoute[];
  /** Releases the repeatability store. */
  close(): Promise<void>;
}

/**
 * The transfer service: the generated routes and validators on the hardened runtime, with your
 * handlers. Serve it with `listen(service)`, `http.createServer(service.handleNode)` or mount
 * `service.fetch` in any fetch-based framework.
 */
export function createTransferService(options: TransferServiceOptions): TransferService {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) throw new RangeError("bodyLimit must be a positive integer");
  const clockSkewMs = options.auth === false ? undefined : options.auth.clockSkewMs;
  let repeatability: RepeatabilitySettings | undefined;
  if (options.repeatability !== false) {
    const r = options.repeatability ?? {};
    repeatability = {
      store: r.store ?? new MemoryRepeatabilityStore(),
      ttlMs: r.ttlMs ?? DEFAULT_REPEATABILITY_TTL_MS,
      leaseMs: r.leaseMs ?? 30_000,
      waitMs: r.waitMs ?? 10_000,
      clockSkewMs: clockSkewMs ?? 5 * 60_000,
    };
  }
  const handleRequest = createRequestHandler({
    routes: operationRoutes,
    responseSchemas,
    handlers: options.handlers as unknown as Record<string, AnyHandler>,
    authenticate: createAuthenticator(options.auth),
    repeatability,
    bodyLimit,
    logger: options.logger ?? jsonLogger,
    now: options.now ?? Date.now,
  });
  const adapterOptions = options.bodyTimeoutMs !== undefined ? { bodyTimeoutMs: options.bodyTimeoutMs } : {};
  return {
    handleNode: toNodeListener(handleRequest, adapterOptions),
    fetch: toFetchHandler(handleRequest, adapterOptions),
    handle: (request) => new Promise((resolve) => handleRequest(request, resolve)),
    routes: operationRoutes,
    close: async () => {
      await repeatability?.store.close?.();
    },
  };
}
