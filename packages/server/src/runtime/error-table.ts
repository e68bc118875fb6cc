import { ApiError, type CommunicationError, type HttpErrorStatus } from "./api-error.js";

/** The error codes the runtime answers with (the `code` of the error body). Handlers may use any string. */
export const ErrorCodes = {
  badRequest: "BadRequest",
  invalidValue: "InvalidValue",
  missingProperty: "MissingProperty",
  unknownProperty: "UnknownProperty",
  invalidJson: "InvalidJson",
  invalidEncoding: "InvalidEncoding",
  invalidPath: "InvalidPath",
  duplicateParameter: "DuplicateParameter",
  duplicateHeader: "DuplicateHeader",
  unsupportedApiVersion: "UnsupportedApiVersion",
  missingApiVersion: "MissingApiVersion",
  unauthorized: "Unauthorized",
  notFound: "NotFound",
  methodNotAllowed: "MethodNotAllowed",
  notImplemented: "NotImplemented",
  conflict: "Conflict",
  requestInProgress: "RequestInProgress",
  payloadTooLarge: "PayloadTooLarge",
  unsupportedMediaType: "UnsupportedMediaType",
  requestTimeout: "RequestTimeout",
  requestHeaderFieldsTooLarge: "RequestHeaderFieldsTooLarge",
  internalServerError: "InternalServerError",
} as const;

const FIRST_SENT = "Repeatability-First-Sent";
const REQUEST_ID = "Repeatability-Request-ID";
const REJECTED = { "repeatability-result": "rejected" } as const;
const CLOSE = { connection: "close" } as const;

/** One error the runtime raises: its status, code, message and, where fixed, target and headers. */
interface ErrorSpec<P> {
  status: HttpErrorStatus;
  code: string;
  message: (params: P) => string;
  target?: (params: P) => string;
  headers?: (params: P) => Record<string, string>;
}

interface Challenges {
  challenges: readonly string[];
}
const UNAUTHORIZED = {
  status: 401,
  code: ErrorCodes.unauthorized,
  headers: ({ challenges }: Challenges) => ({ "www-authenticate": challenges.join(", ") }),
} as const;

const spec = <P = Record<string, never>>(entry: ErrorSpec<P>) => entry;
const seconds = (ms: number) => Math.round(ms / 1000);

/**
 * Every error the runtime raises, by name. Runtime code raises them with `apiError(name, params)`;
 * the README's error table is this table.
 */
export const ERRORS = {
  // Framing node:http refuses before the pipeline (answered by listen).
  malformedRequest: spec<{ detail: string; target?: string | undefined }>({
    status: 400,
    code: ErrorCodes.badRequest,
    message: ({ detail }) => `The request is not valid HTTP/1.1: ${detail}.`,
    target: ({ target }) => target ?? "request",
    headers: () => CLOSE,
  }),
  missingHost: spec({
    status: 400,
    code: ErrorCodes.badRequest,
    message: () => "An HTTP/1.1 request needs a Host header.",
    target: () => "Host",
    headers: () => CLOSE,
  }),
  headersTooLarge: spec<{ limit: number }>({
    status: 431,
    code: ErrorCodes.requestHeaderFieldsTooLarge,
    message: ({ limit }) => `The request headers are larger than the ${limit} bytes this service accepts.`,
    headers: () => CLOSE,
  }),
  headersTimeout: spec({
    status: 408,
    code: ErrorCodes.requestTimeout,
    message: () => "The request headers did not arrive in time.",
    headers: () => CLOSE,
  }),

  // Routing and the request line.
  notFound: spec<{ path: string }>({
    status: 404,
    code: ErrorCodes.notFound,
    message: ({ path }) => `No operation matches the path ${path.length <= 200 ? path : `${path.slice(0, 200)}…`}.`,
  }),
  methodNotAllowed: spec<{ method: string; allow: readonly string[] }>({
    status: 405,
    code: ErrorCodes.methodNotAllowed,
    message: ({ method, allow }) => `The method ${method} is not allowed on this path; allowed: ${allow.join(", ")}.`,
    headers: ({ allow }) => ({ allow: allow.join(", ") }),
  }),
  /** An operation of the spec that the service declares it does not implement yet. */
  notImplemented: spec<{ operationId: string }>({
    status: 501,
    code: ErrorCodes.notImplemented,
    message: ({ operationId }) => `The operation ${operationId} is not implemented by this service yet.`,
  }),
  invalidPathEncoding: spec<{ name: string }>({
    status: 400,
    code: ErrorCodes.invalidPath,
    message: ({ name }) => `The path parameter ${name} is not valid percent-encoded UTF-8.`,
    target: ({ name }) => name,
  }),
  duplicateParameter: spec<{ name: string }>({
    status: 400,
    code: ErrorCodes.duplicateParameter,
    message: ({ name }) => `The query parameter ${name} was given more than once.`,
    target: ({ name }) => name,
  }),
  invalidQueryEncoding: spec<{ name: string }>({
    status: 400,
    code: ErrorCodes.badRequest,
    message: ({ name }) => `The query parameter ${name} is not valid percent-encoded UTF-8.`,
    target: ({ name }) => name,
  }),
  missingApiVersion: spec<{ supported: readonly string[] }>({
    status: 400,
    code: ErrorCodes.missingApiVersion,
    message: ({ supported }) =>
      `The api-version query parameter is required; supported versions: ${supported.join(", ")}.`,
    target: () => "api-version",
  }),
  unsupportedApiVersion: spec<{ shown: string; supported: readonly string[] }>({
    status: 400,
    code: ErrorCodes.unsupportedApiVersion,
    message: ({ shown, supported }) =>
      `The api-version ${shown} is not supported; supported versions: ${supported.join(", ")}.`,
    target: () => "api-version",
  }),
  duplicateHeader: spec<{ header: string }>({
    status: 400,
    code: ErrorCodes.duplicateHeader,
    message: ({ header }) => `The ${header} header was sent more than once.`,
    target: ({ header }) => header,
  }),

  // The body.
  missingContentType: spec<{ expected: string }>({
    status: 415,
    code: ErrorCodes.unsupportedMediaType,
    message: ({ expected }) => `The request has no Content-Type; send ${expected}.`,
    target: () => "Content-Type",
  }),
  wrongContentType: spec<{ expected: string }>({
    status: 415,
    code: ErrorCodes.unsupportedMediaType,
    message: ({ expected }) => `The Content-Type must be ${expected}.`,
    target: () => "Content-Type",
  }),
  contentTypeParameter: spec<{ parameter: string }>({
    status: 415,
    code: ErrorCodes.unsupportedMediaType,
    message: ({ parameter }) => `The Content-Type parameter "${parameter}" is not supported; JSON is sent as UTF-8.`,
    target: () => "Content-Type",
  }),
  payloadTooLarge: spec<{ limit: number }>({
    status: 413,
    code: ErrorCodes.payloadTooLarge,
    message: ({ limit }) => `The request body is larger than the ${limit} bytes this service accepts.`,
    headers: () => CLOSE,
  }),
  bodyTimeout: spec<{ timeoutMs: number }>({
    status: 408,
    code: ErrorCodes.requestTimeout,
    message: ({ timeoutMs }) => `The request body did not arrive within ${seconds(timeoutMs)} s.`,
    headers: () => CLOSE,
  }),
  invalidEncoding: spec({
    status: 400,
    code: ErrorCodes.invalidEncoding,
    message: () => "The request body is not valid UTF-8.",
    target: () => "body",
  }),
  invalidJson: spec<{ detail: string }>({
    status: 400,
    code: ErrorCodes.invalidJson,
    message: ({ detail }) => `The request body is not valid JSON: ${detail}`,
    target: () => "body",
  }),
  bodyRequired: spec({
    status: 400,
    code: ErrorCodes.missingProperty,
    message: () => "The request body is required.",
    target: () => "body",
  }),
  /** Schema validation: `target` is the first field at fault; every failure is in `details`. */
  validationFailed: spec<{ what: string; first: CommunicationError; more: number; apiVersion?: string | undefined }>({
    status: 400,
    code: ErrorCodes.badRequest,
    message: ({ what, first, more, apiVersion }) =>
      `The ${what} failed validation${apiVersion ? ` for api-version ${apiVersion}` : ""}: ${first.message.replace(/\.$/, "")}${more > 0 ? ` (and ${more} more)` : ""}`,
    target: ({ first }) => first.target!,
  }),

  // Authentication: every refusal lists the schemes the service accepts in WWW-Authenticate.
  missingAuthorization: spec<Challenges>({
    ...UNAUTHORIZED,
    message: () => "The request has no Authorization header.",
  }),
  bearerRejected: spec<Challenges>({ ...UNAUTHORIZED, message: () => "The bearer token was not accepted." }),
  bearerNotAccepted: spec<Challenges>({
    ...UNAUTHORIZED,
    message: () => "Bearer tokens are not accepted here; sign the request with the access key.",
  }),
  hmacNotAccepted: spec<Challenges>({
    ...UNAUTHORIZED,
    message: () => "HMAC signatures are not accepted here; send a bearer token.",
  }),
  signatureRejected: spec<Challenges & { reason: string }>({
    ...UNAUTHORIZED,
    message: ({ reason }) => `The request signature was not accepted: ${reason}.`,
  }),

  // Repeatable requests: every refusal says `Repeatability-Result: rejected`.
  firstSentMissing: spec({
    status: 400,
    code: ErrorCodes.badRequest,
    message: () => "Repeatability-First-Sent is required when Repeatability-Request-ID is sent.",
    target: () => FIRST_SENT,
    headers: () => REJECTED,
  }),
  firstSentInvalid: spec({
    status: 400,
    code: ErrorCodes.invalidValue,
    message: () => "Repeatability-First-Sent must be an IMF-fixdate.",
    target: () => FIRST_SENT,
    headers: () => REJECTED,
  }),
  firstSentInFuture: spec({
    status: 400,
    code: ErrorCodes.invalidValue,
    message: () => "Repeatability-First-Sent is in the future.",
    target: () => FIRST_SENT,
    headers: () => REJECTED,
  }),
  firstSentTooOld: spec<{ ttlMs: number }>({
    status: 400,
    code: ErrorCodes.invalidValue,
    message: ({ ttlMs }) =>
      `Repeatability-First-Sent is older than the ${seconds(ttlMs)} s this service remembers requests for; send the request with new repeatability headers.`,
    target: () => FIRST_SENT,
    headers: () => REJECTED,
  }),
  repeatabilityMismatch: spec({
    status: 409,
    code: ErrorCodes.conflict,
    message: () =>
      "This Repeatability-Request-ID was already used for a different request; send a new id for a new request.",
    target: () => REQUEST_ID,
    headers: () => REJECTED,
  }),
  requestInProgress: spec({
    status: 409,
    code: ErrorCodes.requestInProgress,
    message: () => "A request with this Repeatability-Request-ID is still being processed; retry later.",
    target: () => REQUEST_ID,
    headers: () => ({ ...REJECTED, "retry-after": "1" }),
  }),

  // Anything unexpected (logged; the body says nothing of internals).
  internalServerError: spec<{ requestId: string }>({
    status: 500,
    code: ErrorCodes.internalServerError,
    message: ({ requestId }) =>
      `The server could not process the request; quote request id ${requestId} when reporting it.`,
  }),
} as const;

export type ErrorName = keyof typeof ERRORS;
type ParamsOf<N extends ErrorName> = Parameters<(typeof ERRORS)[N]["message"]>[0];

/** The ApiError for an entry of the table: `throw apiError("duplicateHeader", { header })`. */
export function apiError<N extends ErrorName>(
  name: N,
  ...[params, details]: Record<string, never> extends ParamsOf<N>
    ? [params?: ParamsOf<N>, details?: CommunicationError[]]
    : [params: ParamsOf<N>, details?: CommunicationError[]]
): ApiError {
  const entry = ERRORS[name] as ErrorSpec<ParamsOf<N>>;
  const p = (params ?? {}) as ParamsOf<N>;
  return new ApiError(entry.status, entry.code, entry.message(p), {
    ...(entry.target ? { target: entry.target(p) } : {}),
    ...(details ? { details } : {}),
    ...(entry.headers ? { headers: { ...entry.headers(p) } } : {}),
  });
}
