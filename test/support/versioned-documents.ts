import { readdirSync } from "node:fs";
import path from "node:path";
import { type Json, ROOT, readJson } from "./documents.js";

/** The OpenAPI versions the spec is emitted in. */
export const OPENAPI_VERSIONS = ["3.0.0", "3.1.0"] as const;
export type OpenApiVersion = (typeof OPENAPI_VERSIONS)[number];

/** One api-version's documents, in each OpenAPI version. */
export type VersionDocuments = Record<OpenApiVersion, Json>;

/** Where `pnpm generate` commits one api-version's document in one OpenAPI version. */
export const committedFile = (openapi: OpenApiVersion, apiVersion: string) =>
  `spec/openapi/${openapi}/openapi.${apiVersion}.json`;

/** The file names of committed documents: openapi.{api-version}.json. */
const COMMITTED = /^openapi\.(\d{4}-\d{2}-\d{2})\.json$/;

let committed: Map<string, VersionDocuments> | undefined;

/**
 * The committed documents per api-version, oldest first, as `pnpm generate` wrote them (its
 * --check in `pnpm test` keeps them equal to what the spec compiles to). Fails when an
 * api-version lacks one of its OpenAPI documents.
 */
export function versionedDocuments(): Map<string, VersionDocuments> {
  committed ??= readCommitted();
  return committed;
}

function readCommitted(): Map<string, VersionDocuments> {
  const byVersion = new Map<string, Partial<VersionDocuments>>();
  for (const openapi of OPENAPI_VERSIONS) {
    const dir = path.posix.join("spec/openapi", openapi);
    for (const file of readdirSync(path.join(ROOT, dir)).sort()) {
      const apiVersion = COMMITTED.exec(file)?.[1];
      if (!apiVersion) throw new Error(`${dir}/${file} is not openapi.{api-version}.json`);
      const docs = byVersion.get(apiVersion) ?? {};
      docs[openapi] = readJson(`${dir}/${file}`);
      byVersion.set(apiVersion, docs);
    }
  }
  const sorted = [...byVersion.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [apiVersion, docs] of sorted) {
    const missing = OPENAPI_VERSIONS.filter((v) => !docs[v]);
    if (missing.length) throw new Error(`api-version ${apiVersion} has no OpenAPI ${missing.join(", ")} document`);
  }
  return new Map(sorted as [string, VersionDocuments][]);
}

/** The newest api-version, and its documents. */
export function latestDocuments(): VersionDocuments & { apiVersion: string } {
  const [apiVersion, docs] = [...versionedDocuments()].at(-1)!;
  return { ...docs, apiVersion };
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
