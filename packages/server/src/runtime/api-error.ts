import type { components } from "../generated/openapi.gen.js";

/** The API's error body: `{ "error": { code, message, target?, details?, innererror? } }`. */
export type CommunicationErrorResponse = components["schemas"]["CommunicationErrorResponse"];
/** One error, as it appears in `error` and in `error.details`. */
export type CommunicationError = components["schemas"]["CommunicationError"];

/** The 4xx and 5xx statuses a handler or the runtime may answer with. */
export type HttpErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 428
  | 429
  | 431
  | 451
  | 500
  | 501
  | 502
  | 503
  | 504
  | 505
  | 506
  | 507
  | 508
  | 510
  | 511;

/**
 * The one error type of the server: whatever throws it (routing, body reading, validation, auth,
 * repeatability, a store or a handler) leaves through the same door and is answered in the API's
 * format. Anything else thrown becomes a 500 without internals. The runtime raises the errors of its
 * table (`error-table.ts`); a handler or a store may construct its own.
 */
export class ApiError extends Error {
  readonly status: HttpErrorStatus;
  readonly code: string;
  readonly target: string | undefined;
  readonly details: CommunicationError[] | undefined;
  /** Extra response headers (Allow, WWW-Authenticate, Retry-After, Repeatability-Result, ...). */
  readonly headers: Record<string, string>;

  constructor(
    status: HttpErrorStatus,
    code: string,
    message: string,
    options: { target?: string; details?: CommunicationError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** The body to send. */
  toResponseBody(): CommunicationErrorResponse {
    return errorBody(this.code, this.message, this.target, this.details);
  }
}

/** Builds an error body; `target` and `details` are left out when not given. */
export function errorBody(
  code: string,
  message: string,
  target?: string,
  details?: CommunicationError[],
): CommunicationErrorResponse {
  const error: CommunicationError = {
    code,
    message,
    ...(target !== undefined ? { target } : {}),
    ...(details?.length ? { details } : {}),
  };
  return { error };
}

/** An error result a handler can return: `return errorResponse(404, "NotFound", "Call not found")`. */
export function errorResponse<S extends HttpErrorStatus>(
  status: S,
  code: string,
  message: string,
  target?: string,
): { status: S; body: CommunicationErrorResponse } {
  return { status, body: errorBody(code, message, target) };
}

/** Whether a number is a status the error path may answer with. */
export function isHttpErrorStatus(status: unknown): status is HttpErrorStatus {
  return typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599;
}
