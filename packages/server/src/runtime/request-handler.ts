import { ApiError, isHttpErrorStatus } from "./api-error.js";
import { checkApiVersion } from "./api-version.js";
import type { Authenticator } from "./authentication.js";
import { apiError } from "./error-table.js";
import { contentSha256 } from "./hmac-signature.js";
import {
  CLIENT_GONE,
  ClientGoneError,
  copyHeaders,
  type Outcome,
  type OutgoingResponse,
  type ServerRequest,
} from "./http-exchange.js";
import { errorFields, type Logger } from "./logger.js";
import { andThen, isThenable, type MaybePromise } from "./maybe-promise.js";
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
  input: { apiVersion: unknown; path: object; query: object; headers: object; body: unknown },
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

/**
 * Answers one request by calling `reply` once: with the response (every failure is an error
 * response), or with CLIENT_GONE when there is nobody to answer.
 */
export type RequestHandler = (request: ServerRequest, reply: (outcome: Outcome) => void) => void;

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
/** The headers of a response whose handler set none: shared, frozen, so a store keeps them without a copy. */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": JSON_CONTENT_TYPE });
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

  /** Routing and the checks that need no body. */
  function route(request: ServerRequest): { prepared: PreparedRoute; params: Record<string, string> } {
    const target = request.target;
    const q = target.indexOf("?");
    const rawPath = q < 0 ? target : target.slice(0, q);
    const match = router.match(request.method, rawPath);
    if (match.kind !== "found") throw routeError(match, request.method, rawPath);
    const duplicated = request.duplicatedHeader(SINGLE_VALUED);
    if (duplicated) throw apiError("duplicateHeader", { header: duplicated });
    const bodySpec = match.route.route.body;
    if (bodySpec) checkContentType(request.header("content-type"), bodySpec.contentType);
    return { prepared: match.route, params: match.params };
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
    const apiVersion = query["api-version"];
    // Every part of the request is checked against the schemas of the version it names.
    const version = checkApiVersion(apiVersion, route.apiVersions);
    const validators = route.validators[version]!;
    validateInput(validators.query, query, "query", undefined, version);

    // Only the spec's declared header names are set, so plain objects are safe here.
    const headers: Record<string, string> = {};
    const declared: Record<string, string> = {};
    for (const [lower, name] of headerNames) {
      const value = request.header(lower);
      if (value === undefined) continue;
      headers[lower] = value;
      declared[name] = value;
    }
    validateInput(validators.headers, headers, "headers", headerNames, version);
    validateInput(validators.path, params, "path", undefined, version);

    let body: unknown;
    if (route.body) {
      if (exchange.body.byteLength > 0) {
        body = parseJsonBody(exchange.body);
        validateInput(validators.body, body, "body", undefined, version);
      } else if (route.body.required) throw apiError("bodyRequired");
    }
    return { lowerCaseHeaders: headers, input: { apiVersion, path: params, query, headers: declared, body } };
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
    if (result.headers === undefined) return { status, headers: JSON_HEADERS, body };
    const headers: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
    for (const name in result.headers) {
      const value = result.headers[name];
      if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value))
        throw new ResponseShapeError(`headers.${name}`, "a valid header name and value");
      headers[name.toLowerCase()] = value;
    }
    return { status, headers, body };
  }

  /** Everything after the body: auth, input, repeatability, the handler. */
  function respond(exchange: Exchange): MaybePromise<OutgoingResponse> {
    return andThen(authenticateExchange(exchange), (auth) => {
      const { request, requestId } = exchange;
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
      const context: RequestContext = {
        requestId,
        operationId: route.operationId,
        auth,
        repeatability: repeat,
        logger,
      };
      const execute = () => andThen(handler(input, context), (result) => serialize(route, result));
      if (!repeat || !repeatability) return andThen(execute(), (stored) => toSend(stored, false));
      const fingerprint = requestFingerprint(request.method, request.target, exchange.contentHash);
      return andThen(runRepeatable(repeatability, repeat.requestId, fingerprint, execute), (stored) =>
        toSend(stored, true),
      );
    });
  }

  return function handleRequest(request: ServerRequest, reply: (outcome: Outcome) => void): void {
    const clientId = request.header("x-ms-client-request-id");
    const requestId = clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : requestIds.next();
    const answer = (response: OutgoingResponse) => {
      response.headers["x-ms-request-id"] = requestId;
      if (clientId !== undefined && clientId === requestId) response.headers["x-ms-client-request-id"] = clientId;
      reply(response);
    };
    const fail = (error: unknown) => {
      if (error instanceof ClientGoneError) reply(CLIENT_GONE);
      else answer(errorResponse(error, logger, requestId, request));
    };
    /** Runs the steps after the body; a throw or a rejection on the way is answered by `fail`. */
    const afterBody = (prepared: PreparedRoute, params: Record<string, string>, body: Uint8Array) => {
      let response: MaybePromise<OutgoingResponse>;
      try {
        response = respond({
          request,
          requestId,
          prepared,
          params,
          body,
          contentHash: contentSha256(body),
          receivedAt: now(),
        });
      } catch (error) {
        fail(error);
        return;
      }
      if (isThenable(response)) response.then(answer, fail);
      else answer(response);
    };
    let routed: ReturnType<typeof route>;
    try {
      routed = route(request);
    } catch (error) {
      fail(error);
      return;
    }
    const { prepared, params } = routed;
    if (!prepared.route.body) afterBody(prepared, params, EMPTY_BODY);
    else request.readBody(bodyLimit, (body) => afterBody(prepared, params, body), fail);
  };
}

/**
 * A stored response as a response to send, with headers of its own (the stored ones belong to the
 * store); a repeatable request's answer says `Repeatability-Result: accepted`.
 */
function toSend(stored: StoredResponse, repeatable: boolean): OutgoingResponse {
  const headers = copyHeaders(stored.headers);
  if (repeatable) headers[REPEATABILITY_RESULT] = "accepted";
  return { status: stored.status, headers, body: stored.body };
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
