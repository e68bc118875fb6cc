import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_BANNER, type GeneratedFile, type OpenApiDocuments } from "./types.js";

/**
 * TypeScript types for the whole API, from the OpenAPI 3.0 document. (openapi-typescript 7.13
 * reads the 3.1 document's `unevaluatedProperties` maps as `Record<string, never>`; the 3.0
 * document says the same thing with `additionalProperties`, which it reads right.)
 */
export async function openApiTypes(documents: OpenApiDocuments): Promise<string> {
  const ast = await openapiTS(structuredClone(documents["3.0.0"]) as any, {
    alphabetize: false,
    exportType: false,
  });
  return GENERATED_BANNER + astToString(ast);
}

/** The client package's copy of the types. */
export async function clientTypes(documents: OpenApiDocuments): Promise<GeneratedFile[]> {
  return [{ path: "packages/client/src/generated/openapi.gen.ts", content: await openApiTypes(documents) }];
}
