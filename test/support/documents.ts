import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type Json = Record<string, any>;

export function readJson(rel: string): Json {
  return JSON.parse(readFileSync(path.join(ROOT, rel), "utf8"));
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
