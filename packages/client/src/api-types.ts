import type { components, operations, paths } from "./generated/openapi.gen.js";

/** The whole API as openapi-typescript generated it from spec/. */
export type { components, operations, paths };

type Schemas = components["schemas"];

/** An api-version this client can pin: the spec's `ApiVersion` enum. */
export type ApiVersion = Schemas["ApiVersion"];
/** The request body of `CallConnection_TransferToParticipant`. */
export type TransferToParticipantRequest = Schemas["TransferToParticipantRequest"];
/** The 202 body of `CallConnection_TransferToParticipant`. */
export type TransferCallResponse = Schemas["TransferCallResponse"];
/** The error body every non-202 answer carries. */
export type CommunicationErrorResponse = Schemas["CommunicationErrorResponse"];
/** One error (or a nested detail) of a `CommunicationErrorResponse`. */
export type CommunicationError = Schemas["CommunicationError"];
/** A participant: ACS user, phone number, Teams user or Teams app. */
export type CommunicationIdentifierModel = Schemas["CommunicationIdentifierModel"];
/** The SIP and VoIP headers passed to the transfer target. */
export type CustomCallingContext = Schemas["CustomCallingContext"];

/** The path of the transfer operation, checked against the generated `paths`. */
export const TRANSFER_TO_PARTICIPANT_PATH =
  "/calling/callConnections/{callConnectionId}:transferToParticipant" as const satisfies keyof paths;

/** The api-version the client sends unless told otherwise. Typed by the spec: it fails to compile if the spec drops it. */
export const DEFAULT_API_VERSION: ApiVersion = "2024-09-15";
