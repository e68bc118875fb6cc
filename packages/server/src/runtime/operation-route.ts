import type { CompiledValidator } from "./validation.js";

/** A declared query or header parameter. */
export interface ParameterSpec {
  /** The name as the spec writes it (headers keep their spec casing here). */
  name: string;
  required: boolean;
}

/** One api-version's validators of a request's parts. */
export type RequestValidators = Readonly<Record<"path" | "query" | "headers" | "body", CompiledValidator>>;

/**
 * One operation as generated from the spec into `generated/routes.gen.ts`: everything the runtime
 * needs to route, check and answer it, with no schema compiled at start-up.
 */
export interface OperationRoute {
  operationId: string;
  /** The method name of the handler in OperationHandlers. */
  handlerName: string;
  method: string;
  /** The OpenAPI path template, e.g. `/calling/callConnections/{callConnectionId}:transferToParticipant`. */
  path: string;
  parameters: {
    path: readonly string[];
    query: readonly ParameterSpec[];
    header: readonly ParameterSpec[];
  };
  body: { required: boolean; contentType: string } | null;
  success: { status: number; contentType: string; schemaName: string };
  error: { contentType: string; schemaName: string };
  /** The api-versions the spec describes the operation in, oldest first; empty when it has no api-version. */
  apiVersions: readonly string[];
  /** Whether the operation declares the repeatability headers. */
  repeatable: boolean;
  /** Whether the spec puts the operation behind security. */
  secured: boolean;
  /** Per api-version, the validators of that version's path, query, headers and body. */
  validators: Readonly<Record<string, RequestValidators>>;
}
