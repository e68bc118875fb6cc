import { GENERATED_BANNER, type GeneratedFile, type SpecDocuments, stableJson } from "../types.js";

const OUTPUT = "packages/emulator/src/generated/openapi-document.gen.ts";

/**
 * The OpenAPI 3.1 documents the emulator serves (`GET /openapi.json` is the newest api-version's,
 * `GET /openapi/{api-version}.json` each version's), inside the emulator's own package: they then
 * work wherever the package is installed, not only in a checkout of the repo.
 */
export function emulatorDocument(spec: SpecDocuments): GeneratedFile[] {
  const latest = spec[spec.length - 1]!.apiVersion;
  const entries = spec.map((v) => `  ${JSON.stringify(v.apiVersion)}: ${JSON.stringify(stableJson(v["3.1.0"]))},`);
  const content =
    GENERATED_BANNER +
    "/** Each api-version → the text of its OpenAPI 3.1 document, spec/openapi/3.1.0/openapi.{api-version}.json. */\n" +
    `export const openApiDocumentsJson: Readonly<Record<string, string>> = {\n${entries.join("\n")}\n};\n\n` +
    "/** The newest api-version, whose document `GET /openapi.json` serves. */\n" +
    `export const latestApiVersion = ${JSON.stringify(latest)};\n`;
  return [{ path: OUTPUT, content }];
}
