import { clientEvents } from "./artifacts/client-events.js";
import { clientOperations } from "./artifacts/client-operations.js";
import { clientTypes } from "./artifacts/client-types.js";
import { emulatorDocument } from "./artifacts/emulator-document.js";
import { serverArtifacts } from "./artifacts/server-modules.js";
import { type GenerationStep, stableJson } from "./types.js";

/** Where each OpenAPI version is committed. */
export const OPENAPI_FILES = {
  "3.0.0": "spec/openapi/3.0.0/openapi.json",
  "3.1.0": "spec/openapi/3.1.0/openapi.json",
} as const;

/** Folders whose every file the generator owns: a file there that no step produces is stale. */
export const OWNED_DIRS = [
  "spec/openapi",
  "packages/client/src/generated",
  "packages/server/src/generated",
  "packages/emulator/src/generated",
];

/** The generation steps, in order. Each takes the compiled documents and returns files. */
export const STEPS: GenerationStep[] = [
  {
    name: "openapi",
    run: (documents) =>
      (Object.keys(OPENAPI_FILES) as (keyof typeof OPENAPI_FILES)[]).map((version) => ({
        path: OPENAPI_FILES[version],
        content: stableJson(documents[version]),
      })),
  },
  { name: "client types", run: clientTypes },
  { name: "client operations", run: clientOperations },
  { name: "client event validators", run: clientEvents },
  { name: "server artifacts", run: serverArtifacts },
  { name: "emulator document", run: emulatorDocument },
];
