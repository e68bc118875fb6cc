import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type Json = Record<string, any>;

export function readJson(rel: string): Json {
  return JSON.parse(readFileSync(path.join(ROOT, rel), "utf8"));
}

export const TRANSFER_PATH = "/calling/callConnections/{callConnectionId}:transferToParticipant";

/** The transfer operation object of a document. */
export function transferOperation(doc: Json): Json {
  return doc.paths[TRANSFER_PATH].post;
}
