import { OPENAPI_TYPES } from "../tools.js";
import { GENERATED_BANNER, type GeneratedFile, type SpecDocuments } from "../types.js";
import { callInWorker } from "../workers.js";
import { versionIdentifier } from "./version-names.js";

/**
 * The openapi-typescript rendering of every api-version, computed off the main thread, into `dir`:
 * `openapi.{api-version}.gen.ts` per version, and `openapi.gen.ts`, which re-exports the newest
 * version's `components`, `operations` and `paths` and maps each api-version to its types
 * (`ApiVersionTypes`), so code can be typed for the version a request names.
 */
export async function openApiTypeFiles(spec: SpecDocuments, dir: string): Promise<GeneratedFile[]> {
  const rendered = await Promise.all(
    spec.map((v) => callInWorker<string>(OPENAPI_TYPES, "renderOpenApiTypes", v["3.0.0"])),
  );
  const files = spec.map((v, i) => ({ path: `${dir}/openapi.${v.apiVersion}.gen.ts`, content: rendered[i]! }));
  const latest = spec[spec.length - 1]!.apiVersion;
  const lines = [
    GENERATED_BANNER,
    ...spec.map((v) => `import type * as ${versionIdentifier(v.apiVersion)} from "./openapi.${v.apiVersion}.gen.js";`),
    "",
    `/** The newest api-version's types (${latest}). */`,
    `export type { components, operations, paths } from "./openapi.${latest}.gen.js";`,
    "",
    "/** Each api-version the spec describes → its openapi-typescript types. */",
    "export interface ApiVersionTypes {",
    ...spec.map((v) => {
      const ns = versionIdentifier(v.apiVersion);
      return `  ${JSON.stringify(v.apiVersion)}: { components: ${ns}.components; operations: ${ns}.operations; paths: ${ns}.paths };`;
    }),
    "}",
    "",
  ];
  files.push({ path: `${dir}/openapi.gen.ts`, content: lines.join("\n") });
  return files;
}

/** The client package's copy of the types. */
export function clientTypes(spec: SpecDocuments): Promise<GeneratedFile[]> {
  return openApiTypeFiles(spec, "packages/client/src/generated");
}
