export {
  CallAutomationClient,
  type CallAutomationClientOptions,
  type TransferAccepted,
  type TransferRejected,
  type TransferResult,
  type TransferToParticipantOptions,
} from "./call-automation-client.js";
export { CallAutomationError, toCommunicationErrorResponse, type CallAutomationErrorInit, type ClientErrorCode } from "./call-automation-error.js";
export { parseConnectionString, type ParsedConnectionString } from "./connection-string.js";
export {
  AzureKeyCredential,
  bearerTokenCredential,
  COMMUNICATION_SCOPE,
  type AccessToken,
  type BearerTokenSource,
  type KeyCredential,
  type TokenCredential,
} from "./credentials.js";
export type { FetchLike, SendOptions } from "./http-pipeline.js";
export { createRawClient } from "./raw-client.js";
export { createRepeatabilityHeaders, type RepeatabilityHeaders, type RepeatabilityOptions } from "./repeatability.js";
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from "./retry-policy.js";
export {
  DEFAULT_API_VERSION,
  TRANSFER_TO_PARTICIPANT_PATH,
  type ApiVersion,
  type CommunicationError,
  type CommunicationErrorResponse,
  type CommunicationIdentifierModel,
  type components,
  type CustomCallingContext,
  type operations,
  type paths,
  type TransferCallResponse,
  type TransferToParticipantRequest,
} from "./api-types.js";
