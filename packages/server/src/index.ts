export type {
  OperationHandlerNames,
  OperationHandlers,
  OperationId,
  TransferToParticipantInput,
  TransferToParticipantResult,
  TransferToParticipantVersionInput,
} from "./generated/handlers.gen.js";
export type { ApiVersionTypes, components, operations, paths } from "./generated/openapi.gen.js";
export { operationRoutes } from "./generated/routes.gen.js";
export type { CommunicationError, CommunicationErrorResponse, HttpErrorStatus } from "./runtime/api-error.js";
export { ApiError, errorBody, errorResponse } from "./runtime/api-error.js";
export type { AuthOptions } from "./runtime/authentication.js";
export type { ErrorName } from "./runtime/error-table.js";
export { apiError, ERRORS, ErrorCodes } from "./runtime/error-table.js";
export type { SignedRequest, VerifyOptions, VerifyResult } from "./runtime/hmac-signature.js";
export { contentSha256, createHmacVerifier, verifyHmacSignature } from "./runtime/hmac-signature.js";
export { formatImfFixdate, isImfFixdate, parseImfFixdate } from "./runtime/http-date.js";
export type { Outcome, OutgoingResponse, ServerRequest } from "./runtime/http-exchange.js";
export { CLIENT_GONE } from "./runtime/http-exchange.js";
export type { FrontRoute, ListenOptions, NodeListenable, RunningServer } from "./runtime/listen.js";
export { listen } from "./runtime/listen.js";
export type { JsonLoggerOptions, LogFields, Logger, LogLevel } from "./runtime/logger.js";
export { createJsonLogger, isLogLevel, jsonLogger, silentLogger, withFields } from "./runtime/logger.js";
export type { MemoryRepeatabilityStoreOptions } from "./runtime/memory-repeatability-store.js";
export { MemoryRepeatabilityStore } from "./runtime/memory-repeatability-store.js";
export type { OperationRoute } from "./runtime/operation-route.js";
export type { ClaimResult, ClaimToken, RepeatabilityStore, StoredResponse } from "./runtime/repeatability-store.js";
export type { AuthScheme, RequestContext } from "./runtime/request-context.js";
export { type SchemaShape, serializeWithSchema } from "./runtime/response-serializer.js";
export { Router } from "./runtime/router.js";
export type {
  RepeatabilityOptions,
  ServiceHandlers,
  TransferService,
  TransferServiceOptions,
} from "./transfer-service.js";
export { createTransferService, operationsExcept } from "./transfer-service.js";
