export {
  API_VERSIONS,
  type ApiVersion,
  type ApiVersionTypes,
  type CommunicationError,
  type CommunicationErrorResponse,
  type CommunicationIdentifierModel,
  type CustomCallingContext,
  type components,
  DEFAULT_API_VERSION,
  LATEST_API_VERSION,
  type LatestApiVersion,
  type operations,
  type paths,
  TRANSFER_TO_PARTICIPANT_PATH,
  type TransferCallResponse,
  type TransferToParticipantRequest,
} from "./api-types.js";
export {
  CallAutomationClient,
  type CallAutomationClientOptions,
  type TransferAccepted,
  type TransferRejected,
  type TransferResult,
} from "./call-automation-client.js";
export {
  CallAutomationError,
  type CallAutomationErrorInit,
  type ClientErrorCode,
  toCommunicationErrorResponse,
} from "./call-automation-error.js";
export { type ParsedConnectionString, parseConnectionString } from "./connection-string.js";
export {
  type AccessToken,
  AzureKeyCredential,
  type BearerTokenSource,
  bearerTokenCredential,
  COMMUNICATION_SCOPE,
  type KeyCredential,
  type TokenCredential,
} from "./credentials.js";
// One function per operation of the spec, each its own export (see the README's "Operations").
export * from "./generated/client-methods.gen.js";
export type { CallOptions, OperationAccepted, OperationRejected, OperationResult } from "./operation-call.js";
export { createRawClient } from "./raw-client.js";
export { createRepeatabilityHeaders, type RepeatabilityHeaders, type RepeatabilityOptions } from "./repeatability.js";
export type { FetchLike, SendOptions } from "./request-sender.js";
export { DEFAULT_RETRY_OPTIONS, type RetryOptions, retryAfterMs } from "./retry-policy.js";
