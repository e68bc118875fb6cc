import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_BANNER, type OpenApiDocuments } from "./types.js";

/**
 * TypeScript types for the whole API, from the OpenAPI 3.0 document. (openapi-typescript 7.13
 * reads the 3.1 document's `unevaluatedProperties` maps as `Record<string, never>`; the 3.0
 * document says the same thing with `additionalProperties`, which it reads right.)
 * Runs in a worker (see client-types.ts): importing openapi-typescript alone takes most of a second.
 */
export async function renderOpenApiTypes(documents: OpenApiDocuments): Promise<string> {
  const ast = await openapiTS(documents["3.0.0"] as any, { alphabetize: false, exportType: false });
  return GENERATED_BANNER + astToString(ast);
}
