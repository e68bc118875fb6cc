import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type Json = Record<string, any>;

export function readJson(rel: string): Json {
  return JSON.parse(readFileSync(path.join(ROOT, rel), "utf8"));
}

/** The newest api-version's committed OpenAPI documents, as `pnpm generate` wrote them (every version's: versioned-documents.ts). */
export const openapi30 = (): Json => readJson(newestDocument("spec/openapi/3.0.0"));
export const openapi31 = (): Json => readJson(newestDocument("spec/openapi/3.1.0"));

/** The committed file of the newest api-version in a folder of spec/openapi/ (api-versions sort by date). */
export function newestDocument(dir: string): string {
  const files = readdirSync(path.join(ROOT, dir))
    .filter((f) => /^openapi\.[^/]+\.json$/.test(f))
    .sort();
  if (!files.length) throw new Error(`${dir} holds no openapi.{api-version}.json`);
  return `${dir}/${files.at(-1)}`;
}

/** The upstream definition, copied into test/fixtures/upstream (see SOURCE.md there). */
export const upstreamSwagger = (): Json => readJson("test/fixtures/upstream/transfer-only.swagger.json");
export const upstreamEvents = (): Json => readJson("test/fixtures/upstream/transfer-events.json");
export const upstreamExample = (): Json => readJson("test/fixtures/upstream/CallConnection_TransferToParticipant.json");

export const TRANSFER_PATH = "/calling/callConnections/{callConnectionId}:transferToParticipant";

/** The transfer operation object of a document. */
export function transferOperation(doc: Json): Json {
  return doc.paths[TRANSFER_PATH].post;
}
