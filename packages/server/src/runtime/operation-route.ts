import type { CompiledValidator } from "./validation.js";

/** A declared query or header parameter. */
export interface ParameterSpec {
  /** The name as the spec writes it (headers keep their spec casing here). */
  name: string;
  required: boolean;
}

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
  /** The values the spec's `api-version` enum allows; empty when the operation has no api-version. */
  apiVersions: readonly string[];
  /** Whether the operation declares the repeatability headers. */
  repeatable: boolean;
  /** Whether the spec puts the operation behind security. */
  secured: boolean;
  validators: Record<"path" | "query" | "headers" | "body", CompiledValidator>;
}
