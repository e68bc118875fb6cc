import { callInWorker, preload } from "./worker-pool.js";
import type { GeneratedFile, OpenApiDocuments } from "./types.js";

const RENDERER = new URL("./openapi-types.ts", import.meta.url);

/** Starts loading openapi-typescript in its worker. */
export const preloadOpenApiTypes = (): void => preload(RENDERER);

/** The openapi-typescript rendering of the spec, computed off the main thread. */
export function openApiTypes(documents: OpenApiDocuments): Promise<string> {
  return callInWorker<string>(RENDERER, "renderOpenApiTypes", documents);
}

/** The client package's copy of the types. */
export async function clientTypes(documents: OpenApiDocuments): Promise<GeneratedFile[]> {
  return [{ path: "packages/client/src/generated/openapi.gen.ts", content: await openApiTypes(documents) }];
}
