import {
  API_VERSIONS,
  type ApiVersion,
  DEFAULT_API_VERSION,
  type LatestApiVersion,
  type TransferCallResponse,
  type TransferToParticipantRequest,
} from "./api-types.js";
import { createAuthorizer } from "./authentication.js";
import { CallAutomationError } from "./call-automation-error.js";
import { registerClientCore } from "./client-core.js";
import { parseConnectionString } from "./connection-string.js";
import { AzureKeyCredential, type KeyCredential, type TokenCredential } from "./credentials.js";
import {
  type TransferToParticipantContext,
  type TransferToParticipantOptions,
  transferToParticipant,
} from "./generated/client-methods.gen.js";
import type { OperationAccepted, OperationRejected } from "./operation-call.js";
import { createRequestSender, type FetchLike, type RequestSender, type SendOptions } from "./request-sender.js";
import { DEFAULT_RETRY_OPTIONS, type RetryOptions, resolveRetryOptions } from "./retry-policy.js";

/** Options of a `CallAutomationClient`. */
export interface CallAutomationClientOptions<
  ThrowOnError extends boolean = boolean,
  Version extends ApiVersion = ApiVersion,
> {
  /**
   * The api-version to send: any the spec describes (`API_VERSIONS`). Default `LATEST_API_VERSION`,
   * as the official SDK. Requests are typed by the chosen version.
   */
  apiVersion?: Version;
  /** Retries of failed attempts. Default `{ maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 60000 }`. */
  retryOptions?: RetryOptions;
  /** Timeout of each attempt in milliseconds; a timed-out attempt is retried. Default: none. */
  tryTimeoutInMs?: number;
  /** The `fetch` to send with. Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Allow a plain `http://` endpoint (for local emulators). Default `false`, as in the official SDK. */
  allowInsecureConnection?: boolean;
  /** Throw a `CallAutomationError` for an answer other than the operation's success status instead of returning `{ error }`. Default `false`. */
  throwOnError?: ThrowOnError;
}

/** A 202: the service accepted the transfer. `data` is `{}` when the 202 had no body. */
export type TransferAccepted = OperationAccepted<TransferCallResponse, TransferToParticipantContext>;

/** Any other answer, with its body as a `CommunicationErrorResponse` (see `toCommunicationErrorResponse`). */
export type TransferRejected = OperationRejected<TransferToParticipantContext>;

/** The result of `transferToParticipant`: errors are values unless the client throws on error. */
export type TransferResult<ThrowOnError extends boolean = false> = ThrowOnError extends true
  ? TransferAccepted
  : TransferAccepted | TransferRejected;

function checkEndpoint(endpoint: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CallAutomationError({
      code: "InvalidEndpoint",
      message: `The endpoint "${endpoint}" is not an absolute URL`,
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CallAutomationError({
      code: "InvalidEndpoint",
      message: `The endpoint must be https:, not ${url.protocol}`,
    });
  }
  if (url.protocol === "http:" && !allowInsecure) {
    throw new CallAutomationError({
      code: "InsecureConnection",
      message: "The endpoint uses http:; pass { allowInsecureConnection: true } to allow it (for local emulators only)",
    });
  }
  if (url.search || url.hash) {
    throw new CallAutomationError({
      code: "InvalidEndpoint",
      message: "The endpoint must not have a query or fragment",
    });
  }
  return url.href.replace(/\/+$/, "");
}

/** The api-version itself, when the spec describes it; else a CallAutomationError (for callers without types). */
function checkApiVersion(apiVersion: string): ApiVersion {
  if ((API_VERSIONS as readonly string[]).includes(apiVersion)) return apiVersion as ApiVersion;
  throw new CallAutomationError({
    code: "UnsupportedApiVersion",
    message: `The api-version ${JSON.stringify(apiVersion)} is not one this client supports: ${API_VERSIONS.join(", ")}`,
    target: "apiVersion",
  });
}

/**
 * A client for ACS Call Automation's transfer operation.
 *
 * ```ts
 * const client = new CallAutomationClient("endpoint=https://NAME.communication.azure.com/;accesskey=KEY");
 * const { data, error } = await client.transferToParticipant(callConnectionId, {
 *   targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } },
 * });
 * ```
 */
export class CallAutomationClient<ThrowOnError extends boolean = false, Version extends ApiVersion = LatestApiVersion> {
  /** The endpoint, without a trailing slash. */
  readonly endpoint: string;
  /** The api-version every call sends. */
  readonly apiVersion: Version;
  readonly #send: RequestSender;

  /** A client from a connection string `endpoint=...;accesskey=...`. */
  constructor(connectionString: string, options?: CallAutomationClientOptions<ThrowOnError, Version>);
  /** A client from an endpoint and a key credential (HMAC-SHA256) or token credential (Bearer). */
  constructor(
    endpoint: string,
    credential: KeyCredential | TokenCredential,
    options?: CallAutomationClientOptions<ThrowOnError, Version>,
  );
  constructor(
    endpointOrConnectionString: string,
    credentialOrOptions?: KeyCredential | TokenCredential | CallAutomationClientOptions<ThrowOnError, Version>,
    maybeOptions?: CallAutomationClientOptions<ThrowOnError, Version>,
  ) {
    let endpoint = endpointOrConnectionString;
    let credential = credentialOrOptions as KeyCredential | TokenCredential;
    let options = maybeOptions ?? {};
    if (!(credential && ("key" in credential || "getToken" in credential))) {
      const parsed = parseConnectionString(endpointOrConnectionString);
      endpoint = parsed.endpoint;
      credential = new AzureKeyCredential(parsed.accessKey);
      options = (credentialOrOptions as CallAutomationClientOptions<ThrowOnError, Version> | undefined) ?? {};
    }
    this.endpoint = checkEndpoint(endpoint, options.allowInsecureConnection === true);
    this.apiVersion = checkApiVersion(options.apiVersion ?? DEFAULT_API_VERSION) as Version;
    this.#send = createRequestSender({
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      authorize: createAuthorizer(credential),
      retry: resolveRetryOptions(DEFAULT_RETRY_OPTIONS, options.retryOptions),
      tryTimeoutInMs: options.tryTimeoutInMs,
    });
    registerClientCore(this, {
      endpoint: this.endpoint,
      apiVersion: this.apiVersion,
      send: this.#send,
      throwOnError: options.throwOnError === true,
    });
  }

  /**
   * Sends any request the way this client sends its own: authentication on every attempt, retries
   * (a POST only when it carries `Repeatability-Request-ID`), timeouts and the request's abort
   * signal. `createRawClient` builds the typed openapi-fetch client on it.
   */
  async sendRequest(request: Request, options?: SendOptions): Promise<Response> {
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const { method, url, headers, signal } = request;
    return this.#send({ method, url, headers, body, signal }, options);
  }

  /**
   * Transfers the call to a participant (`CallConnection_TransferToParticipant`).
   *
   * Sends `Repeatability-Request-ID` and `Repeatability-First-Sent` (the caller's or fresh ones)
   * and repeats them on every retry; fills `operationContext` with a UUID when the request has
   * none. Resolves with `{ data }` on 202 and `{ error }` for any other answer (or throws a
   * `CallAutomationError` when the client was made with `throwOnError: true`). Rejects with a
   * `CallAutomationError` when no answer came (`NetworkError`, `Timeout`) and with the signal's
   * reason when aborted.
   */
  transferToParticipant(
    callConnectionId: string,
    request: TransferToParticipantRequest<Version>,
    options?: TransferToParticipantOptions,
  ): Promise<TransferResult<ThrowOnError>> {
    return transferToParticipant(this, callConnectionId, request, options) as Promise<TransferResult<ThrowOnError>>;
  }
}
