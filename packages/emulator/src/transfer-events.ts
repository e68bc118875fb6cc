import { randomUUID } from "node:crypto";
import type { ResolvedCall, TransferOutcome } from "./call-rules.js";
import { normalizeIdentifier } from "./identifiers.js";
import type { CommunicationIdentifierModel, TransferEvent } from "./spec-types.js";

/** What a transfer's outcome event is made from. */
export interface TransferEventInput {
  call: ResolvedCall;
  operationContext: string;
  outcome: TransferOutcome;
  target: CommunicationIdentifierModel;
  transferee?: CommunicationIdentifierModel;
  time: Date;
}

/**
 * The CloudEvent (structured mode) that reports a transfer's outcome, shaped by the spec's
 * `CallTransferAcceptedEvent` / `CallTransferFailedEvent`. Each event gets its own id; a
 * redelivery of the same batch keeps it, so receivers can drop duplicates.
 */
export function buildTransferEvent(input: TransferEventInput): TransferEvent {
  const { call, operationContext, outcome, time } = input;
  const resource = `calling/callConnections/${call.callConnectionId}`;
  const common = {
    callConnectionId: call.callConnectionId,
    serverCallId: call.serverCallId,
    correlationId: call.correlationId,
    operationContext,
    resultInformation: outcome.resultInformation,
  };
  const envelope = {
    specversion: "1.0" as const,
    id: randomUUID(),
    source: resource,
    subject: resource,
    time: time.toISOString(),
    datacontenttype: "application/json" as const,
  };
  if (outcome.outcome === "failed") {
    return { ...envelope, type: "Microsoft.Communication.CallTransferFailed", data: common };
  }
  return {
    ...envelope,
    type: "Microsoft.Communication.CallTransferAccepted",
    data: {
      ...common,
      transferTarget: normalizeIdentifier(input.target),
      ...(input.transferee ? { transferee: normalizeIdentifier(input.transferee) } : {}),
    },
  };
}
