import { OPENAPI_TYPES } from "../tools.js";
import type { GeneratedFile, OpenApiDocuments } from "../types.js";
import { callInWorker } from "../workers.js";

/** The openapi-typescript rendering of the spec, computed off the main thread. */
export function openApiTypes(documents: OpenApiDocuments): Promise<string> {
  return callInWorker<string>(OPENAPI_TYPES, "renderOpenApiTypes", documents);
}

/** The client package's copy of the types. */
export async function clientTypes(documents: OpenApiDocuments): Promise<GeneratedFile[]> {
  return [{ path: "packages/client/src/generated/openapi.gen.ts", content: await openApiTypes(documents) }];
}
