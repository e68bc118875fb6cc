// The Fastify baseline's route schemas come from the generator's one interpreter of the spec's
// schemas, as ours' generated validators do: both servers check the same request.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fastifySchemas } from "@transfer-call/codegen";

export type RouteSchemas = ReturnType<typeof fastifySchemas>;

const TRANSFER_OPERATION = "CallConnection_TransferToParticipant";

/** The api-version the bench load sends (load.ts); Fastify validates with that version's schemas. */
const API_VERSION = "2024-09-15";

/** The transfer route's request schemas for Fastify, from the api-version's committed OpenAPI 3.0 document. */
export function transferRouteSchemas(root: string): RouteSchemas {
  const file = `spec/openapi/3.0.0/openapi.${API_VERSION}.json`;
  const doc = JSON.parse(readFileSync(path.join(root, file), "utf8"));
  return fastifySchemas(doc, TRANSFER_OPERATION);
}
