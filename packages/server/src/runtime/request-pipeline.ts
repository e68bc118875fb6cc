import { ApiError, ErrorCodes, isHttpErrorStatus } from "./api-error.js";
import { checkApiVersion } from "./api-version.js";
import type { Authenticator } from "./authentication.js";
import { contentSha256 } from "./hmac-signature.js";
import { ClientGoneError, type ServerRequest, type ServerResponse } from "./http-exchange.js";
import { errorFields, type Logger } from "./logger.js";
import type { OperationRoute } from "./operation-route.js";
import { readQuery } from "./query-parameters.js";
import {
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
import { isThenable } from "./thenable.js";
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

export interface PipelineOptions {
  routes: readonly OperationRoute[];
  responseSchemas: Readonly<Record<string, SchemaShape>>;
  handlers: Record<string, AnyHandler>;
  authenticate: Authenticator;
  repeatability: RepeatabilitySettings | undefined;
  bodyLimit: number;
  logger: Logger;
  now: () => number;
}

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
const JSON_HEADERS = { "content-type": JSON_CONTENT_TYPE } as const;
const EMPTY_BODY = new Uint8Array(0);
const STORED_JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": JSON_CONTENT_TYPE });
const SINGLE_VALUED = ["authorization", "content-type", "host", "x-ms-date", "x-ms-content-sha256"] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

interface PreparedRoute {
  route: OperationRoute;
  handler: AnyHandler;
  headerNames: ReadonlyMap<string, string>;
}

/** A step's outcome: the response now when nothing on its way waits, else a promise of it. */
type Outcome = ServerResponse | Promise<ServerResponse>;

/**
 * Answers a request by calling `reply` once with the response. No promise is made on the way
 * unless something on it waits (reading the body, an async hook or handler, a shared store).
 */
export type Respond = (request: ServerRequest, reply: (response: ServerResponse) => void) => void;

/**
 * The request pipeline: route → content type → body → auth → parameters → body validation →
 * repeatability → handler → serialisation. Reading the body is the one step that always waits;
 * everything else runs synchronously unless a hook (an async bearer check, an async handler, a
 * shared repeatability store) returns a promise, so a request costs one promise turn (the body), not one per step.
 */
export function createPipeline(options: PipelineOptions): Respond {
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
    // Stored responses are never changed (replies copy them), so the common header set is shared.
    if (!result.headers) return { status, headers: STORED_JSON_HEADERS, body };
    const headers: Record<string, string> = { "content-type": JSON_CONTENT_TYPE };
    for (const [name, value] of Object.entries(result.headers)) {
      if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value))
        throw new ResponseShapeError(`headers.${name}`, "a valid header name and value");
      headers[name.toLowerCase()] = value;
    }
    return { status, headers, body };
  }

  /**
   * Routing and the checks that need no body; then the body, then the rest. Returns the outcome,
   * or undefined once the body is on its way (then `deliver` or `fail` get it).
   */
  function start(
    request: ServerRequest,
    requestId: string,
    deliver: (outcome: Outcome) => void,
    fail: (error: unknown) => void,
  ): Outcome | undefined {
    const target = request.target;
    const q = target.indexOf("?");
    const rawPath = q < 0 ? target : target.slice(0, q);
    const match = router.match(request.method, rawPath);
    if (match.kind !== "found") throw routeError(match, request.method, rawPath);
    const prepared = match.route;

    const duplicated = request.duplicatedHeader(SINGLE_VALUED);
    if (duplicated)
      throw new ApiError(400, ErrorCodes.duplicateHeader, `The ${duplicated} header was sent more than once.`, {
        target: duplicated,
      });

    const bodySpec = prepared.route.body;
    if (!bodySpec) return afterBody(request, requestId, prepared, match.params, EMPTY_BODY);
    checkContentType(request.header("content-type"), bodySpec.contentType);
    request.readBody(
      bodyLimit,
      (bytes) => {
        let outcome: Outcome;
        try {
          outcome = afterBody(request, requestId, prepared, match.params, bytes);
        } catch (error) {
          fail(error);
          return;
        }
        deliver(outcome);
      },
      fail,
    );
    return undefined;
  }

  function afterBody(
    request: ServerRequest,
    requestId: string,
    prepared: PreparedRoute,
    params: Record<string, string>,
    bytes: Uint8Array,
  ): ServerResponse | Promise<ServerResponse> {
    const contentHash = contentSha256(bytes);
    const at = now();
    if (!prepared.route.secured)
      return authenticated(request, requestId, prepared, params, bytes, contentHash, at, "none");
    const auth = authenticate(
      { method: request.method, pathAndQuery: request.target, headers: request.header, body: bytes },
      contentHash,
      at,
    );
    if (typeof auth === "string")
      return authenticated(request, requestId, prepared, params, bytes, contentHash, at, auth);
    return auth.then((scheme) => authenticated(request, requestId, prepared, params, bytes, contentHash, at, scheme));
  }

  function authenticated(
    request: ServerRequest,
    requestId: string,
    prepared: PreparedRoute,
    params: Record<string, string>,
    bytes: Uint8Array,
    contentHash: string,
    at: number,
    auth: AuthScheme,
  ): ServerResponse | Promise<ServerResponse> {
    const { route, handler, headerNames } = prepared;
    const query = readQuery(request.target, route.parameters.query);
    const apiVersion = query["api-version"];
    checkApiVersion(apiVersion, route.apiVersions);
    // Every part of the request is checked against the schemas of the version it names.
    const validators = route.validators[typeof apiVersion === "string" ? apiVersion : ""]!;
    validateInput(validators.query, query, "query");

    // Only the spec's declared header names are set, so plain objects are safe here.
    const headers: Record<string, string> = {};
    const declared: Record<string, string> = {};
    for (const [lower, name] of headerNames) {
      const value = request.header(lower);
      if (value === undefined) continue;
      headers[lower] = value;
      declared[name] = value;
    }
    validateInput(validators.headers, headers, "headers", headerNames);
    validateInput(validators.path, params, "path");

    let body: unknown;
    if (route.body) {
      if (bytes.byteLength === 0) {
        if (route.body.required)
          throw new ApiError(400, ErrorCodes.missingProperty, "The request body is required.", { target: "body" });
      } else {
        body = parseJsonBody(bytes);
        validateInput(validators.body, body, "body", undefined, apiVersion);
      }
    }

    const repeat =
      route.repeatable && repeatability
        ? readRepeatabilityHeaders(
            headers["repeatability-request-id"],
            headers["repeatability-first-sent"],
            repeatability,
            at,
          )
        : undefined;
    const context: RequestContext = { requestId, operationId: route.operationId, auth, repeatability: repeat, logger };
    const input = { apiVersion, path: params, query, headers: declared, body };
    const execute = (): StoredResponse | Promise<StoredResponse> => {
      const result = handler(input, context);
      return isThenable(result) ? Promise.resolve(result).then((r) => serialize(route, r)) : serialize(route, result);
    };

    if (!repeat || !repeatability) {
      const outcome = execute();
      return isThenable(outcome) ? outcome.then(plain) : plain(outcome);
    }
    const fingerprint = requestFingerprint(request.method, request.target, contentHash);
    const outcome = runRepeatable(repeatability, repeat.requestId, fingerprint, execute);
    return isThenable(outcome) ? outcome.then(accepted) : accepted(outcome);
  }

  function finish(response: ServerResponse, requestId: string, clientId: string | undefined): ServerResponse {
    response.headers["x-ms-request-id"] = requestId;
    if (clientId !== undefined && clientId === requestId) response.headers["x-ms-client-request-id"] = clientId;
    return response;
  }

  return function respond(request: ServerRequest, reply: (response: ServerResponse) => void): void {
    const clientId = request.header("x-ms-client-request-id");
    const requestId = clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : requestIds.next();
    const answer = (response: ServerResponse) => reply(finish(response, requestId, clientId));
    const fail = (error: unknown) => answer(errorToResponse(error, logger, requestId, request));
    const deliver = (outcome: Outcome) => {
      if (isThenable(outcome)) outcome.then(answer, fail);
      else answer(outcome);
    };
    let outcome: Outcome | undefined;
    try {
      outcome = start(request, requestId, deliver, fail);
    } catch (error) {
      outcome = errorToResponse(error, logger, requestId, request);
    }
    if (outcome !== undefined) deliver(outcome);
  };
}

/**
 * The response to send for a stored one, with headers of its own (a stored response's headers
 * belong to the store and are shared). The common header set is not copied: `headers` starts with it.
 */
function withOwnHeaders(response: StoredResponse, headers: Record<string, string>): ServerResponse {
  if (response.headers !== STORED_JSON_HEADERS)
    for (const name in response.headers) headers[name] = response.headers[name]!;
  return { status: response.status, body: response.body, headers };
}

/** A repeatable request's answer, marked accepted (the name is REPEATABILITY_RESULT, written out so the literal has one shape). */
function accepted(response: StoredResponse): ServerResponse {
  return withOwnHeaders(response, { "content-type": JSON_CONTENT_TYPE, "repeatability-result": "accepted" });
}

/** A plain request's answer. */
function plain(response: StoredResponse): ServerResponse {
  return withOwnHeaders(response, { "content-type": JSON_CONTENT_TYPE });
}

/** The pipeline as a promise-returning handler (the public `handle`, the fetch adapter). */
export function toAsync(respond: Respond): (request: ServerRequest) => Promise<ServerResponse> {
  return (request) => new Promise<ServerResponse>((resolve) => respond(request, resolve));
}

/** The one error path: ApiErrors answer as themselves; anything else is a logged 500 with no internals. */
export function errorToResponse(
  error: unknown,
  logger: Logger,
  requestId: string,
  request?: Pick<ServerRequest, "method" | "target">,
): ServerResponse {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      headers: { ...JSON_HEADERS, ...error.headers },
      body: JSON.stringify(error.toResponseBody()),
    };
  }
  if (error instanceof ClientGoneError) {
    return { status: 499 as number, headers: { ...JSON_HEADERS, connection: "close" }, body: "" };
  }
  logger.error("request failed", {
    requestId,
    method: request?.method,
    target: request?.target?.slice(0, 512),
    ...errorFields(error),
  });
  const body = {
    error: {
      code: ErrorCodes.internalServerError,
      message: `The server could not process the request; quote request id ${requestId} when reporting it.`,
    },
  };
  return { status: 500, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}
