import { clientEvents } from "./artifacts/client-events.js";
import { clientOperations } from "./artifacts/client-operations.js";
import { clientTypes } from "./artifacts/client-types.js";
import { emulatorDocument } from "./artifacts/emulator-document.js";
import { emulatorEvents } from "./artifacts/emulator-events.js";
import { serverArtifacts } from "./artifacts/server-modules.js";
import { type GenerationStep, OPENAPI_VERSIONS, openApiFile, type SpecDocuments, stableJson } from "./types.js";

/** Every committed OpenAPI document: one per api-version and OpenAPI version, with its text. */
export function openApiFiles(spec: SpecDocuments): { path: string; content: string }[] {
  return spec.flatMap((v) =>
    OPENAPI_VERSIONS.map((openapi) => ({ path: openApiFile(openapi, v.apiVersion), content: stableJson(v[openapi]) })),
  );
}

/** Folders whose every file the generator owns: a file there that no step produces is stale. */
export const OWNED_DIRS = [
  "spec/openapi",
  "packages/client/src/generated",
  "packages/server/src/generated",
  "packages/emulator/src/generated",
];

/** The generation steps, in order. Each takes the compiled documents and returns files. */
export const STEPS: GenerationStep[] = [
  { name: "openapi", run: openApiFiles },
  { name: "client types", reads: ["3.0.0"], run: clientTypes },
  { name: "client operations", reads: ["3.0.0"], run: clientOperations },
  { name: "client event validators", reads: ["3.0.0"], run: clientEvents },
  { name: "server artifacts", reads: ["3.0.0"], run: serverArtifacts },
  { name: "emulator document", run: emulatorDocument },
  { name: "emulator events", reads: ["3.0.0"], run: emulatorEvents },
];
