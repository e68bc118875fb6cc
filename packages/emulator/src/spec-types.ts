/**
 * The spec's types the emulator uses, as generated from spec/ into @transfer-call/server.
 * Nothing here is retyped by hand: every name is an alias of a generated schema.
 */
import type { components } from "@transfer-call/server";

type Schemas = components["schemas"];

export type CommunicationIdentifierModel = Schemas["CommunicationIdentifierModel"];
export type ResultInformation = Schemas["ResultInformation"];
export type TransferToParticipantRequest = Schemas["TransferToParticipantRequest"];
export type TransferCallResponse = Schemas["TransferCallResponse"];
export type CallTransferAcceptedEvent = Schemas["CallTransferAcceptedEvent"];
export type CallTransferFailedEvent = Schemas["CallTransferFailedEvent"];
export type TransferEvent = Schemas["TransferEvent"];
