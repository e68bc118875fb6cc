import { randomUUID } from "node:crypto";
import { serializeWithSchema } from "@transfer-call/server";
import type { ResolvedCall, TransferOutcome } from "./call-rules.js";
import { eventsByVersion } from "./generated/event-shapes.gen.js";
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
  /** The api-version of the request that caused the event: the event carries only what its schema declares. */
  apiVersion: string;
}

/**
 * The CloudEvent (structured mode) that reports a transfer's outcome, shaped by the spec's
 * `CallTransferAcceptedEvent` / `CallTransferFailedEvent` of the api-version the transfer was
 * requested with. Each event gets its own id; a redelivery of the same batch keeps it, so
 * receivers can drop duplicates.
 */
export function buildTransferEvent(input: TransferEventInput): TransferEvent {
  return transferEventWithJson(input).event;
}

/** The event, and its JSON text as sent (so that it is not serialised again to be queued and POSTed). */
export function transferEventWithJson(input: TransferEventInput): { event: TransferEvent; json: string } {
  const json = inVersion(newestEvent(input), input.apiVersion);
  return { event: JSON.parse(json) as TransferEvent, json };
}

/**
 * The event with only the fields the api-version's event schema declares (2023-03-06's accepted
 * event has no transferTarget, results before 2024-09-15 no SIP details, identifiers before
 * 2025-05-15 no Teams extension user...), as JSON written by the server's schema-driven serialiser.
 */
function inVersion(event: TransferEvent, apiVersion: string): string {
  const events = eventsByVersion[apiVersion];
  if (!events) throw new Error(`no transfer events for api-version ${apiVersion}`);
  const schema = events.schemaByType[event.type];
  if (!schema) throw new Error(`api-version ${apiVersion} has no ${event.type} event`);
  return serializeWithSchema(events.shapes, schema, event);
}

/** The event as the newest api-version describes it. */
function newestEvent(input: TransferEventInput): TransferEvent {
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
