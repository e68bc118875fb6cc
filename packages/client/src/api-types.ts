import type { ApiVersionTypes, components, operations, paths } from "./generated/openapi.gen.js";
import { API_VERSIONS, LATEST_API_VERSION } from "./generated/operations.gen.js";

/** The whole API, in the newest api-version, as openapi-typescript generated it from spec/; each version's in `ApiVersionTypes`. */
export type { ApiVersionTypes, components, operations, paths };

type Schemas = components["schemas"];

/** An api-version this client can pin: any the spec describes (one OpenAPI document each). */
export type ApiVersion = (typeof API_VERSIONS)[number];
/** The newest api-version the spec describes. */
export type LatestApiVersion = typeof LATEST_API_VERSION;
/** The request body of `CallConnection_TransferToParticipant` in an api-version (the newest by default). */
export type { TransferToParticipantRequest } from "./generated/client-methods.gen.js";
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

/** The path template of the transfer operation, as the spec declares it. */
export { TRANSFER_TO_PARTICIPANT_PATH } from "./generated/operations.gen.js";

/** The api-versions the spec describes, oldest first, and the newest. */
export { API_VERSIONS, LATEST_API_VERSION };

/** The api-version the client sends unless told otherwise: the newest the spec describes. */
export const DEFAULT_API_VERSION: LatestApiVersion = LATEST_API_VERSION;
