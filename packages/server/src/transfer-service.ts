import type { IncomingMessage, ServerResponse as NodeResponse } from "node:http";
import type { OperationHandlerNames, OperationHandlers, OperationId } from "./generated/handlers.gen.js";
import type { ApiVersionTypes } from "./generated/openapi.gen.js";
import { operationRoutes, responseSchemas } from "./generated/routes.gen.js";
import { type AuthOptions, createAuthenticator } from "./runtime/authentication.js";
import { apiError } from "./runtime/error-table.js";
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

/** The handlers a service writes: one per operation of the spec, except those it declares not implemented. */
export type ServiceHandlers<NotImplemented extends OperationId = never> = Omit<
  OperationHandlers,
  OperationHandlerNames[NotImplemented]
>;

/** An api-version the spec defines. */
type ApiVersion = keyof ApiVersionTypes & string;

export interface TransferServiceOptions<NotImplemented extends OperationId = never> {
  /** The business logic: one method per operation of the spec, except those in `notImplemented`. */
  handlers: NoInfer<ServiceHandlers<NotImplemented>>;
  /**
   * The operations this service does not implement yet, by operationId: each answers 501
   * `NotImplemented` (after routing, auth and validation, like any other). `operationsExcept(...)`
   * lists every operation but the given ones, for a service that serves a few and must keep
   * starting when the spec grows.
   */
  notImplemented?: readonly NotImplemented[];
  /**
   * The api-versions served (default: every one the spec defines). A request naming another gets
   * the 400 that lists the served ones; an operation no served version has is not routed.
   */
  apiVersions?: readonly ApiVersion[];
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
export function createTransferService<const NotImplemented extends OperationId = never>(
  options: TransferServiceOptions<NotImplemented>,
): TransferService {
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
  const routes = servedRoutes(options.apiVersions);
  const handleRequest = createRequestHandler({
    routes,
    responseSchemas,
    handlers: serviceHandlers(options.handlers, options.notImplemented ?? []),
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
    routes,
    close: async () => {
      await repeatability?.store.close?.();
    },
  };
}

/** The generated routes, each accepting only the served api-versions among its own. */
function servedRoutes(apiVersions: readonly string[] | undefined): readonly OperationRoute[] {
  if (apiVersions === undefined) return operationRoutes;
  const known = [...new Set(operationRoutes.flatMap((route) => route.apiVersions))];
  const unknown = apiVersions.filter((version) => !known.includes(version));
  if (apiVersions.length === 0 || unknown.length > 0)
    throw new RangeError(
      `apiVersions must name api-versions of the spec (${known.join(", ")})${unknown.length ? `: ${unknown.join(", ")} is not one` : ""}`,
    );
  return operationRoutes
    .map((route) => ({ ...route, apiVersions: route.apiVersions.filter((version) => apiVersions.includes(version)) }))
    .filter((route) => route.apiVersions.length > 0);
}

/**
 * Every operation of the spec but the given ones: `notImplemented: operationsExcept("CallConnection_TransferToParticipant")`
 * for a service that implements the transfer and answers 501 for whatever the spec adds.
 */
export function operationsExcept<const Implemented extends OperationId = never>(
  ...implemented: Implemented[]
): Exclude<OperationId, Implemented>[] {
  return operationRoutes
    .map((route) => route.operationId as OperationId)
    .filter((id): id is Exclude<OperationId, Implemented> => !(implemented as OperationId[]).includes(id));
}

/**
 * The handler of every route: the service's own, or a 501 for the operations it declares not
 * implemented. An operation with neither (possible from JavaScript, or with a cast) stops the
 * service from starting, naming the operation and the two ways to fix it, rather than failing
 * on its first request.
 */
function serviceHandlers(given: object, notImplemented: readonly string[]): Record<string, AnyHandler> {
  const own = given as Record<string, AnyHandler | undefined>;
  const known = operationRoutes.map((route) => route.operationId);
  for (const id of notImplemented) {
    if (!known.includes(id))
      throw new Error(`notImplemented lists ${id}, which is not an operation of the spec (${known.join(", ")})`);
  }
  if (notImplemented.length === 0 && operationRoutes.every((route) => typeof own[route.handlerName] === "function"))
    return own as Record<string, AnyHandler>;
  // Inherits from the service's handlers, so they keep their `this`.
  const handlers = Object.create(own) as Record<string, AnyHandler>;
  for (const route of operationRoutes) {
    const handler = own[route.handlerName];
    const declared = notImplemented.includes(route.operationId);
    if (declared && handler !== undefined)
      throw new Error(
        `handlers.${route.handlerName} implements ${route.operationId}, which notImplemented also lists: remove one of the two`,
      );
    if (declared) {
      const { operationId } = route;
      handlers[route.handlerName] = () => {
        throw apiError("notImplemented", { operationId });
      };
    } else if (typeof handler !== "function") {
      throw new Error(
        `The service has no handler for ${route.operationId} (${route.method} ${route.path}): ` +
          `add handlers.${route.handlerName}, or list "${route.operationId}" in notImplemented to answer 501 until it is implemented`,
      );
    }
  }
  return handlers;
}
