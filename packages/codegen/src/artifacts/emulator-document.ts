import { GENERATED_BANNER, type GeneratedFile, type OpenApiDocuments, stableJson } from "../types.js";

const OUTPUT = "packages/emulator/src/generated/openapi-document.gen.ts";

/**
 * The OpenAPI 3.1 document the emulator serves at `GET /openapi.json`, inside the emulator's own
 * package: it then works wherever the package is installed, not only in a checkout of the repo.
 */
export function emulatorDocument(documents: OpenApiDocuments): GeneratedFile[] {
  const content =
    GENERATED_BANNER +
    "/** The OpenAPI 3.1 document this emulator implements, as the text of spec/openapi/3.1.0/openapi.json. */\n" +
    `export const openApiDocumentJson = ${JSON.stringify(stableJson(documents["3.1.0"]))};\n`;
  return [{ path: OUTPUT, content }];
}
