import { ApiError, isHttpErrorStatus } from "./api-error.js";
import { checkApiVersion } from "./api-version.js";
import type { Authenticator } from "./authentication.js";
import { apiError } from "./error-table.js";
import { contentSha256 } from "./hmac-signature.js";
import {
  CLIENT_GONE,
  ClientGoneError,
  type Outcome,
  type OutgoingResponse,
  type ServerRequest,
} from "./http-exchange.js";
import { errorFields, type Logger } from "./logger.js";
import type { OperationRoute } from "./operation-route.js";
import { readQuery } from "./query-parameters.js";
import {
  REPEATABILITY_RESULT,
  type RepeatabilitySettings,
  readRepeatabilityHeaders,
  requestFingerprint,
  runRepeatable,
} from "./repeatability.js";
import type { StoredResponse } from "./repeatability-store.js";
import { checkContentType, parseJsonBody } from "./request-body.js";
import type { AuthScheme, RequestContext } from "./request-context.js";
import { RequestIdSource } from "./request-id.js";
import { ResponseShapeError, type SchemaShape, serializeWithSchema } from "./response-serializer.js";
import { Router, routeError } from "./router.js";
import { validateInput } from "./validation.js";

/** What a generated handler returns. */
export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type AnyHandler = (
  input: { path: object; query: object; headers: object; body: unknown },
  context: RequestContext,
) => HandlerResult | Promise<HandlerResult>;

export interface RequestHandlerOptions {
  routes: readonly OperationRoute[];
  responseSchemas: Readonly<Record<string, SchemaShape>>;
  handlers: Record<string, AnyHandler>;
  authenticate: Authenticator;
  repeatability: RepeatabilitySettings | undefined;
  bodyLimit: number;
  logger: Logger;
  now: () => number;
}

/** Answers one request; never rejects (every failure is an error response, or CLIENT_GONE). */
export type RequestHandler = (request: ServerRequest) => Promise<Outcome>;

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
const EMPTY_BODY = new Uint8Array(0);
const SINGLE_VALUED = ["authorization", "content-type", "host", "x-ms-date", "x-ms-content-sha256"] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A route with what the handler needs of it, prepared once. */
interface PreparedRoute {
  route: OperationRoute;
  handler: AnyHandler;
  /** The declared header names: lower-case name → the name in the spec. */
  headerNames: ReadonlyMap<string, string>;
}

/** One request on its way through the steps: what each step found, for the steps after it. */
interface Exchange {
  readonly request: ServerRequest;
  readonly requestId: string;
  readonly prepared: PreparedRoute;
  readonly params: Record<string, string>;
  /** The body as received, and its base64 SHA-256 (the HMAC check and the fingerprint both use it). */
  readonly body: Uint8Array;
  readonly contentHash: string;
  /** When the body was in: the clock the signature date and Repeatability-First-Sent are checked against. */
  readonly receivedAt: number;
}

/**
 * The request handler: route → duplicated headers → content type → body → auth → parameters →
 * body validation → repeatability → handler → serialisation. Every failure on the way is an
 * ApiError (or anything else, which becomes a logged 500) and leaves through `errorResponse`.
 */
export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const router = new Router<PreparedRoute>();
  for (const route of options.routes) {
    const handler = options.handlers[route.handlerName];
    if (typeof handler !== "function")
      throw new TypeError(`handlers.${route.handlerName} is missing (operation ${route.operationId})`);
    const headerNames = new Map(route.parameters.header.map((h) => [h.name.toLowerCase(), h.name]));
    router.add(route.method, route.path, { route, handler: handler.bind(options.handlers), headerNames });
  }
  const { logger, now, bodyLimit, authenticate, repeatability, responseSchemas } = options;
  const requestIds = new RequestIdSource();

  /** Routing and the checks that need no body, then the body. */
  async function receive(request: ServerRequest, requestId: string): Promise<Exchange> {
    const target = request.target;
    const q = target.indexOf("?");
    const rawPath = q < 0 ? target : target.slice(0, q);
    const match = router.match(request.method, rawPath);
    if (match.kind !== "found") throw routeError(match, request.method, rawPath);
    const duplicated = request.duplicatedHeader(SINGLE_VALUED);
    if (duplicated) throw apiError("duplicateHeader", { header: duplicated });
    const bodySpec = match.route.route.body;
    let body: Uint8Array = EMPTY_BODY;
    if (bodySpec) {
      checkContentType(request.header("content-type"), bodySpec.contentType);
      body = await new Promise<Uint8Array>((resolve, reject) => request.readBody(bodyLimit, resolve, reject));
    }
    return {
      request,
      requestId,
      prepared: match.route,
      params: match.params,
      body,
      contentHash: contentSha256(body),
      receivedAt: now(),
    };
  }

  function authenticateExchange(exchange: Exchange): AuthScheme | Promise<AuthScheme> {
    if (!exchange.prepared.route.secured) return "none";
    const { request } = exchange;
    return authenticate(
      { method: request.method, pathAndQuery: request.target, headers: request.header, body: exchange.body },
      exchange.contentHash,
      exchange.receivedAt,
    );
  }

  /** The handler's input: query, headers, path and body, each validated against the spec. */
  function readInput(exchange: Exchange) {
    const { request, prepared, params } = exchange;
    const { route, headerNames } = prepared;
    const query = readQuery(request.target, route.parameters.query);
    checkApiVersion(query["api-version"], route.apiVersions);
    validateInput(route.validators.query, query, "query");

    // Only the spec's declared header names are set, so plain objects are safe here.
    const headers: Record<string, string> = {};
    const declared: Record<string, string> = {};
    for (const [lower, name] of headerNames) {
      const value = request.header(lower);
      if (value === undefined) continue;
      headers[lower] = value;
      declared[name] = value;
    }
    validateInput(route.validators.headers, headers, "headers", headerNames);
    validateInput(route.validators.path, params, "path");

    let body: unknown;
    if (route.body) {
      if (exchange.body.byteLength > 0) {
        body = parseJsonBody(exchange.body);
        validateInput(route.validators.body, body, "body");
      } else if (route.body.required) throw apiError("bodyRequired");
    }
    return { lowerCaseHeaders: headers, input: { path: params, query, headers: declared, body } };
  }

  /** The handler's result as the response to store and send, checked against the response schema. */
  function serialize(route: OperationRoute, result: HandlerResult): StoredResponse {
    if (typeof result !== "object" || result === null)
      throw new ResponseShapeError("", "a { status, body } result from the handler");
    const { status } = result;
    let schemaName: string;
    if (status === route.success.status) schemaName = route.success.schemaName;
    else if (isHttpErrorStatus(status)) schemaName = route.error.schemaName;
    else
      throw new ResponseShapeError(
        "status",
        `${route.success.status} or an error status (4xx/5xx), got ${String(status)}`,
      );
    const body = serializeWithSchema(responseSchemas, schemaName, result.body);
    const headers: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value))
        throw new ResponseShapeError(`headers.${name}`, "a valid header name and value");
      headers[name.toLowerCase()] = value;
    }
    return { status, headers, body };
  }

  async function respond(request: ServerRequest, requestId: string): Promise<OutgoingResponse> {
    const exchange = await receive(request, requestId);
    const auth = await authenticateExchange(exchange);
    const { route, handler } = exchange.prepared;
    const { lowerCaseHeaders, input } = readInput(exchange);
    const repeat =
      route.repeatable && repeatability
        ? readRepeatabilityHeaders(
            lowerCaseHeaders["repeatability-request-id"],
            lowerCaseHeaders["repeatability-first-sent"],
            repeatability,
            exchange.receivedAt,
          )
        : undefined;
    const context: RequestContext = { requestId, operationId: route.operationId, auth, repeatability: repeat, logger };
    const execute = async () => serialize(route, await handler(input, context));
    if (!repeat || !repeatability) return toSend(await execute());
    const fingerprint = requestFingerprint(request.method, request.target, exchange.contentHash);
    const stored = await runRepeatable(repeatability, repeat.requestId, fingerprint, execute);
    return toSend(stored, { [REPEATABILITY_RESULT]: "accepted" });
  }

  return async function handleRequest(request: ServerRequest): Promise<Outcome> {
    const clientId = request.header("x-ms-client-request-id");
    const requestId = clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : requestIds.next();
    let response: OutgoingResponse;
    try {
      response = await respond(request, requestId);
    } catch (error) {
      if (error instanceof ClientGoneError) return CLIENT_GONE;
      response = errorResponse(error, logger, requestId, request);
    }
    response.headers["x-ms-request-id"] = requestId;
    if (clientId !== undefined && clientId === requestId) response.headers["x-ms-client-request-id"] = clientId;
    return response;
  };
}

/** A stored response as a response to send, with headers of its own (the stored ones belong to the store). */
function toSend(stored: StoredResponse, extra?: Record<string, string>): OutgoingResponse {
  return { status: stored.status, headers: { ...stored.headers, ...extra }, body: stored.body };
}

/** The one error path: ApiErrors answer as themselves; anything else is a logged 500 with no internals. */
export function errorResponse(
  error: unknown,
  logger: Logger,
  requestId: string,
  request?: Pick<ServerRequest, "method" | "target">,
): OutgoingResponse {
  if (!(error instanceof ApiError)) {
    logger.error("request failed", {
      requestId,
      method: request?.method,
      target: request?.target?.slice(0, 512),
      ...errorFields(error),
    });
  }
  const apiErr = error instanceof ApiError ? error : apiError("internalServerError", { requestId });
  return {
    status: apiErr.status,
    headers: { "content-type": JSON_CONTENT_TYPE, ...apiErr.headers },
    body: JSON.stringify(apiErr.toResponseBody()),
  };
}
