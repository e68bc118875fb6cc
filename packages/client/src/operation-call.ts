import type { CommunicationErrorResponse } from "./api-types.js";
import { utf8 } from "./base64.js";
import { CallAutomationError, toCommunicationErrorResponse } from "./call-automation-error.js";
import type { ClientCore } from "./client-core.js";
import { createRepeatabilityHeaders, type RepeatabilityOptions } from "./repeatability.js";
import type { RetryOptions } from "./retry-policy.js";

/** What the generator tells the runtime about one operation; the values come from the spec. */
export interface OperationDescriptor {
  readonly method: string;
  /** The path template, with `{name}` for each path parameter (in `pathParameters` order). */
  readonly path: string;
  readonly pathParameters: readonly string[];
  /** The one 2xx status the spec declares. */
  readonly successStatus: number;
  /** The spec declares `Repeatability-Request-ID`: the call sends it, and so may be retried. */
  readonly repeatable: boolean;
  /** The body declares an optional `operationContext`: the call fills it with a UUID when absent. */
  readonly operationContext: boolean;
}

/** The options every operation takes. */
export interface CallOptions {
  /** Cancels the call, including retries and the waits between them. */
  abortSignal?: AbortSignal;
  /** Overrides the client's retry options for this call. */
  retryOptions?: RetryOptions;
  /** Overrides the client's per-attempt timeout for this call. */
  tryTimeoutInMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** The options of one call at runtime: the common ones and repeatability (declared headers travel in `headers`). */
export interface OperationCallOptions extends CallOptions, RepeatabilityOptions {}

/**
 * `&name=value` for each declared query parameter that has a value. Only the operations that
 * declare query parameters (besides api-version) call it, so the others do not bundle it.
 */
export function queryString(query: Record<string, string | number | boolean | undefined> | undefined): string {
  let text = "";
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) text += `&${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return text;
}

/** The success answer: `data` is the body (`{}` when the answer had none). */
export type OperationAccepted<Data, Base> = Base & { data: Data; error?: undefined };
/** Any other answer, with its body as a `CommunicationErrorResponse`. */
export type OperationRejected<Base> = Base & { data?: undefined; error: CommunicationErrorResponse };
/** The result of an operation: errors are values unless the client throws on error. */
export type OperationResult<ThrowOnError extends boolean, Data, Base> = ThrowOnError extends true
  ? OperationAccepted<Data, Base>
  : OperationAccepted<Data, Base> | OperationRejected<Base>;

/**
 * Sends one operation: builds the URL from the template (path parameters percent-encoded, the
 * client's api-version), adds the repeatability headers once for the logical call (every retry
 * repeats them, which is what lets a POST be retried), fills `operationContext` where the body
 * declares it, and reads the answer against the declared success status. The result carries the
 * response, the path parameters by name, and `operationContext` and `requestId` where they apply.
 */
export async function callOperation<Result>(
  core: ClientCore,
  operation: OperationDescriptor,
  pathValues: readonly string[],
  requestBody: object | undefined,
  options: OperationCallOptions = {},
  query = "",
): Promise<Result> {
  const base: Record<string, unknown> = {};
  let path = operation.path;
  operation.pathParameters.forEach((name, i) => {
    const value = pathValues[i]!;
    path = path.replace(`{${name}}`, encodeURIComponent(value));
    base[name] = value;
  });
  // The api-version is one of API_VERSIONS (checked when the client was made): nothing to encode.
  const url = `${core.endpoint}${path}?api-version=${core.apiVersion}${query}`;
  const headers = new Headers(options.headers);
  if (operation.repeatable) {
    const repeatability = createRepeatabilityHeaders(options);
    for (const [name, value] of Object.entries(repeatability)) headers.set(name, value);
    base.requestId = repeatability["Repeatability-Request-ID"];
  }
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (requestBody !== undefined) {
    let sent = requestBody as { operationContext?: string };
    if (operation.operationContext) {
      const given = sent.operationContext;
      base.operationContext = given ?? crypto.randomUUID();
      if (given === undefined) sent = { ...sent, operationContext: base.operationContext as string };
    }
    headers.set("Content-Type", "application/json");
    body = utf8.encode(JSON.stringify(sent));
  }
  // The options carry the per-call retryOptions and tryTimeoutInMs the sender reads.
  const response = await core.send(
    { method: operation.method, url, headers, body, signal: options.abortSignal },
    options,
  );
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // kept as text: toCommunicationErrorResponse quotes it
  }
  if (response.status === operation.successStatus) {
    return { response, ...base, data: typeof parsed === "object" && parsed !== null ? parsed : {} } as Result;
  }
  const error = toCommunicationErrorResponse(parsed, response);
  if (core.throwOnError) {
    throw CallAutomationError.fromResponse(error, response, base.requestId as string | undefined);
  }
  return { response, ...base, error } as Result;
}
