import { randomUUID } from "node:crypto";
import { ApiError, ErrorCodes, isHttpErrorStatus } from "./api-error.js";
import { checkApiVersion } from "./api-version.js";
import type { Authenticator } from "./authentication.js";
import { contentSha256 } from "./hmac-signature.js";
import { ClientGoneError, type ServerRequest, type ServerResponse } from "./http-exchange.js";
import { errorFields, type Logger } from "./logger.js";
import type { OperationRoute } from "./operation-route.js";
import { readQuery } from "./query-parameters.js";
import { readRepeatabilityHeaders, requestFingerprint, REPEATABILITY_RESULT, runRepeatable, type RepeatabilitySettings } from "./repeatability.js";
import type { StoredResponse } from "./repeatability-store.js";
import type { RequestContext } from "./request-context.js";
import { checkContentType, parseJsonBody } from "./request-body.js";
import { ResponseShapeError, serializeWithSchema, type SchemaShape } from "./response-serializer.js";
import { routeError, Router, splitTarget } from "./router.js";
import { validateInput } from "./validation.js";

/** What a generated handler returns. */
export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type AnyHandler = (input: { path: object; query: object; headers: object; body: unknown }, context: RequestContext) => HandlerResult | Promise<HandlerResult>;

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

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" } as const;
const SINGLE_VALUED = ["authorization", "content-type", "host", "x-ms-date", "x-ms-content-sha256"] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

interface PreparedRoute {
  route: OperationRoute;
  handler: AnyHandler;
  headerNames: ReadonlyMap<string, string>;
}

/** The request pipeline: route → content type → body → auth → parameters → body validation → repeatability → handler → serialisation. */
export function createPipeline(options: PipelineOptions): (request: ServerRequest) => Promise<ServerResponse> {
  const router = new Router<PreparedRoute>();
  for (const route of options.routes) {
    const handler = options.handlers[route.handlerName];
    if (typeof handler !== "function") throw new TypeError(`handlers.${route.handlerName} is missing (operation ${route.operationId})`);
    const headerNames = new Map(route.parameters.header.map((h) => [h.name.toLowerCase(), h.name]));
    router.add(route.method, route.path, { route, handler: handler.bind(options.handlers), headerNames });
  }
  const { logger, now, bodyLimit, authenticate, repeatability, responseSchemas } = options;

  function serialize(route: OperationRoute, result: HandlerResult): StoredResponse {
    if (typeof result !== "object" || result === null) throw new ResponseShapeError("", "a { status, body } result from the handler");
    const { status } = result;
    let schemaName: string;
    if (status === route.success.status) schemaName = route.success.schemaName;
    else if (isHttpErrorStatus(status)) schemaName = route.error.schemaName;
    else throw new ResponseShapeError("status", `${route.success.status} or an error status (4xx/5xx), got ${String(status)}`);
    const headers: Record<string, string> = { "content-type": JSON_HEADERS["content-type"] };
    if (result.headers) for (const [name, value] of Object.entries(result.headers)) {
      if (!HEADER_NAME.test(name) || typeof value !== "string" || !HEADER_VALUE.test(value)) throw new ResponseShapeError(`headers.${name}`, "a valid header name and value");
      headers[name.toLowerCase()] = value;
    }
    return { status, headers, body: serializeWithSchema(responseSchemas, schemaName, result.body) };
  }

  async function run(request: ServerRequest, requestId: string): Promise<ServerResponse> {
    const { path: rawPath } = splitTarget(request.target);
    const match = router.match(request.method, rawPath);
    if (match.kind !== "found") throw routeError(match, request.method, rawPath);
    const { route, handler, headerNames } = match.route;

    const duplicated = request.duplicatedHeader(SINGLE_VALUED);
    if (duplicated) throw new ApiError(400, ErrorCodes.duplicateHeader, `The ${duplicated} header was sent more than once.`, { target: duplicated });

    let bytes: Uint8Array = new Uint8Array(0);
    if (route.body) {
      checkContentType(request.header("content-type"), route.body.contentType);
      bytes = await request.readBody(bodyLimit);
    }
    const contentHash = contentSha256(bytes);
    const at = now();
    let auth = route.secured ? authenticate({ method: request.method, pathAndQuery: request.target, headers: request.header, body: bytes }, contentHash, at) : "none";
    if (typeof auth !== "string") auth = await auth;

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
    validateInput(route.validators.path, match.params, "path");

    let body: unknown;
    if (route.body) {
      if (bytes.byteLength === 0) {
        if (route.body.required) throw new ApiError(400, ErrorCodes.missingProperty, "The request body is required.", { target: "body" });
      } else {
        body = parseJsonBody(bytes);
        validateInput(route.validators.body, body, "body");
      }
    }

    const repeat = route.repeatable && repeatability
      ? readRepeatabilityHeaders(headers["repeatability-request-id"], headers["repeatability-first-sent"], repeatability, at)
      : undefined;
    const context: RequestContext = { requestId, operationId: route.operationId, auth, repeatability: repeat, logger };
    const execute = async () => serialize(route, await handler({ path: match.params, query, headers: declared, body }, context));

    if (!repeat || !repeatability) return execute();
    const fingerprint = requestFingerprint(request.method, request.target, contentHash);
    const { response } = await runRepeatable(repeatability, `${route.operationId}:${repeat.requestId}`, fingerprint, execute);
    // A replayed response's headers belong to the store: answer with a copy.
    const replyHeaders: Record<string, string> = { [REPEATABILITY_RESULT]: "accepted" };
    for (const name in response.headers) replyHeaders[name] = response.headers[name]!;
    return { status: response.status, body: response.body, headers: replyHeaders };
  }

  return async function handle(request: ServerRequest): Promise<ServerResponse> {
    const clientId = request.header("x-ms-client-request-id");
    const requestId = clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : randomUUID();
    let response: ServerResponse;
    try {
      response = await run(request, requestId);
    } catch (error) {
      response = errorToResponse(error, logger, requestId, request);
    }
    response.headers["x-ms-request-id"] = requestId;
    if (clientId !== undefined && clientId === requestId) response.headers["x-ms-client-request-id"] = clientId;
    return response;
  };
}

/** The one error path: ApiErrors answer as themselves; anything else is a logged 500 with no internals. */
export function errorToResponse(error: unknown, logger: Logger, requestId: string, request?: Pick<ServerRequest, "method" | "target">): ServerResponse {
  if (error instanceof ApiError) {
    return { status: error.status, headers: { ...JSON_HEADERS, ...error.headers }, body: JSON.stringify(error.toResponseBody()) };
  }
  if (error instanceof ClientGoneError) {
    return { status: 499 as number, headers: { ...JSON_HEADERS, connection: "close" }, body: "" };
  }
  logger.error("request failed", { requestId, method: request?.method, target: request?.target?.slice(0, 512), ...errorFields(error) });
  const body = { error: { code: ErrorCodes.internalServerError, message: `The server could not process the request; quote request id ${requestId} when reporting it.` } };
  return { status: 500, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}
