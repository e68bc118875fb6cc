export type { SchemaIssue } from "./json-schema.js";
export {
  type CallTransferAccepted,
  type CallTransferAcceptedEvent,
  type CallTransferFailed,
  type CallTransferFailedEvent,
  type CloudEvent,
  isCallTransferAccepted,
  isCallTransferFailed,
  type ParseTransferEventsResult,
  parseTransferEvents,
  type ResultInformation,
  type TransferEvent,
  TransferEventError,
  type TransferEventType,
} from "./transfer-events.js";
export {
  matchesTransfer,
  type TransferCorrelation,
  TransferOutcomeTracker,
  type TransferOutcomeTrackerOptions,
  type WaitForTransferOutcomeOptions,
} from "./transfer-outcome.js";
