export type { SchemaIssue } from "./json-schema.js";
export {
  isCallTransferAccepted,
  isCallTransferFailed,
  parseTransferEvents,
  TransferEventError,
  type CallTransferAccepted,
  type CallTransferAcceptedEvent,
  type CallTransferFailed,
  type CallTransferFailedEvent,
  type CloudEvent,
  type ParseTransferEventsResult,
  type ResultInformation,
  type TransferEvent,
  type TransferEventType,
} from "./transfer-events.js";
export {
  matchesTransfer,
  TransferOutcomeTracker,
  type TransferCorrelation,
  type TransferOutcomeTrackerOptions,
  type WaitForTransferOutcomeOptions,
} from "./transfer-outcome.js";
