import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_BANNER, type OpenApiDocuments } from "../types.js";

/**
 * TypeScript types for the whole API, from the OpenAPI 3.0 document. (openapi-typescript 7.13
 * reads the 3.1 document's `unevaluatedProperties` maps as `Record<string, never>`; the 3.0
 * document says the same thing with `additionalProperties`, which it reads right.)
 * Runs in a worker (see client-types.ts): importing openapi-typescript alone takes most of a second.
 */
export function renderOpenApiTypes(documents: OpenApiDocuments): Promise<string> {
  // Several steps ask for the same rendering (the client's and the server's copy): render each
  // distinct document once per worker.
  const key = JSON.stringify(documents["3.0.0"]);
  let rendering = renderings.get(key);
  if (!rendering) {
    renderings.clear();
    rendering = openapiTS(documents["3.0.0"] as any, { alphabetize: false, exportType: false }).then(
      (ast) => GENERATED_BANNER + astToString(ast),
    );
    renderings.set(key, rendering);
  }
  return rendering;
}

const renderings = new Map<string, Promise<string>>();
