import path from "node:path";
import type { CompilerHost } from "@typespec/compiler";
import { moveCallbacks } from "../../scripts/pipeline/callbacks.js";
import { type Json, ROOT, readJson } from "./documents.js";

/** The OpenAPI versions the spec is emitted in. */
export const OPENAPI_VERSIONS = ["3.0.0", "3.1.0"] as const;
export type OpenApiVersion = (typeof OPENAPI_VERSIONS)[number];

/** One api-version's documents, in each OpenAPI version. */
export type VersionDocuments = Record<OpenApiVersion, Json>;

/**
 * Where `tsp compile spec` writes one document with spec/tspconfig.yaml as it is:
 * spec/openapi/{openapi-version}/openapi.{api-version}.json (`--output-dir` replaces spec/openapi).
 */
const EMITTED = /^spec\/openapi\/(3\.[01]\.0)\/openapi\.(\d{4}-\d{2}-\d{2})\.json$/;

let compiled: Promise<Map<string, VersionDocuments>> | undefined;

/**
 * The spec's documents per api-version, oldest first, as the generator will post-process them
 * (callbacks moved into place). Until the generator writes them into spec/openapi/, this compiles
 * spec/main.tsp with spec/tspconfig.yaml in memory, once per test process, and fails on any
 * diagnostic (the config makes warnings errors).
 */
export function versionedDocuments(): Promise<Map<string, VersionDocuments>> {
  compiled ??= compileVersions();
  return compiled;
}

async function compileVersions(): Promise<Map<string, VersionDocuments>> {
  const { compile, formatDiagnostic, NodeHost, resolveCompilerOptions } = await import("@typespec/compiler");
  const entrypoint = path.join(ROOT, "spec", "main.tsp");
  const [options, configDiagnostics] = await resolveCompilerOptions(NodeHost, { entrypoint, cwd: ROOT });
  const written = new Map<string, string>();
  const host: CompilerHost = {
    ...NodeHost,
    writeFile: async (file, content) => void written.set(path.resolve(file), content),
    mkdirp: async (dir) => dir,
  };
  const program = await compile(host, entrypoint, options);
  const problems = [...configDiagnostics, ...program.diagnostics].filter(
    (d) => d.severity === "error" || options.warningAsError,
  );
  if (problems.length)
    throw new Error(`the spec does not compile:\n${problems.map((d) => formatDiagnostic(d)).join("\n")}`);

  const byVersion = new Map<string, Partial<VersionDocuments>>();
  for (const [file, content] of written) {
    const relative = path.relative(ROOT, file).split(path.sep).join("/");
    const match = EMITTED.exec(relative);
    if (!match)
      throw new Error(`the emitter wrote ${relative}, not spec/openapi/{openapi-version}/openapi.{api-version}.json`);
    const [, openapi, apiVersion] = match as unknown as [string, OpenApiVersion, string];
    const docs = byVersion.get(apiVersion) ?? {};
    docs[openapi] = moveCallbacks(JSON.parse(content));
    byVersion.set(apiVersion, docs);
  }
  const sorted = [...byVersion.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [apiVersion, docs] of sorted) {
    const missing = OPENAPI_VERSIONS.filter((v) => !docs[v]);
    if (missing.length) throw new Error(`api-version ${apiVersion} has no OpenAPI ${missing.join(", ")} document`);
  }
  return new Map(sorted as [string, VersionDocuments][]);
}

/** The upstream definition of one api-version (test/spec/fixtures/upstream, see SOURCE.md there). */
export interface UpstreamVersion {
  swagger: Json;
  events: Json;
  example: Json;
}

export const UPSTREAM_VERSIONS = [
  "2023-03-06",
  "2023-10-15",
  "2024-04-15",
  "2024-09-15",
  "2025-05-15",
  "2025-06-15",
  "2026-03-12",
] as const;
export type ApiVersion = (typeof UPSTREAM_VERSIONS)[number];

export function upstreamVersion(apiVersion: ApiVersion): UpstreamVersion {
  const dir = `test/spec/fixtures/upstream/${apiVersion}`;
  return {
    swagger: readJson(`${dir}/transfer-only.swagger.json`),
    events: readJson(`${dir}/transfer-events.json`),
    example: readJson(`${dir}/CallConnection_TransferToParticipant.json`),
  };
}
