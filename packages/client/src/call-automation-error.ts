import type { CommunicationError, CommunicationErrorResponse } from "./api-types.js";

/** The codes this client gives errors that did not come from the service. */
export type ClientErrorCode =
  | "InvalidConnectionString"
  | "InvalidEndpoint"
  | "InvalidAccessKey"
  | "InvalidCredential"
  | "InsecureConnection"
  | "UnsupportedApiVersion"
  | "NetworkError"
  | "Timeout"
  | "UnexpectedResponse";

/** What a `CallAutomationError` is built from. */
export interface CallAutomationErrorInit {
  code: string;
  message: string;
  status?: number | undefined;
  target?: string | undefined;
  details?: readonly CommunicationError[] | undefined;
  innererror?: CommunicationError | undefined;
  requestId?: string | undefined;
  serverRequestId?: string | undefined;
  response?: Response | undefined;
  cause?: unknown;
}

/**
 * The one error class of this package. The service's `CommunicationErrorResponse` becomes its
 * `code`, `message`, `target` and `details`; errors raised by the client itself (bad
 * configuration, network failure, timeout) carry a `ClientErrorCode` and no `status`.
 */
export class CallAutomationError extends Error {
  override readonly name = "CallAutomationError";
  /** HTTP status of the answer; `undefined` when there was none. */
  readonly status: number | undefined;
  /** The service's error code, or a `ClientErrorCode`. */
  readonly code: string;
  /** The field or parameter the error is about, when the service names one. */
  readonly target: string | undefined;
  /** Further errors that led to this one. */
  readonly details: readonly CommunicationError[];
  /** The service's inner error, if any. */
  readonly innererror: CommunicationError | undefined;
  /** The `Repeatability-Request-ID` of the call, which the service logs too. */
  readonly requestId: string | undefined;
  /** The `x-ms-request-id` the service answered with, if any. */
  readonly serverRequestId: string | undefined;
  /** The final HTTP response, if there was one. */
  readonly response: Response | undefined;

  constructor(init: CallAutomationErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.target = init.target;
    this.details = init.details ?? [];
    this.innererror = init.innererror;
    this.requestId = init.requestId;
    this.serverRequestId = init.serverRequestId;
    this.response = init.response;
  }

  /** The error for a non-success answer whose body was already normalised. */
  static fromResponse(body: CommunicationErrorResponse, response: Response, requestId?: string): CallAutomationError {
    return new CallAutomationError({
      ...body.error,
      status: response.status,
      requestId,
      serverRequestId: response.headers.get("x-ms-request-id") ?? undefined,
      response,
    });
  }
}

function isCommunicationError(value: unknown): value is CommunicationError {
  const v = value as Record<string, unknown> | null;
  return typeof v === "object" && v !== null && typeof v.code === "string" && typeof v.message === "string";
}

/**
 * Turns whatever a failed answer carried into a `CommunicationErrorResponse`. A body in the API's
 * error format is kept as it is; anything else (empty, not JSON, JSON of another shape) becomes
 * `{ error: { code: "UnexpectedResponse", message: "HTTP <status> <statusText>: <start of body>" } }`.
 */
export function toCommunicationErrorResponse(body: unknown, response: Response): CommunicationErrorResponse {
  if (typeof body === "object" && body !== null && isCommunicationError((body as { error?: unknown }).error)) {
    return body as CommunicationErrorResponse;
  }
  const text = body === undefined || body === "" ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const snippet = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return {
    error: {
      code: "UnexpectedResponse",
      message: snippet ? `${status}: ${snippet}` : `${status} with no error body`,
    },
  };
}
