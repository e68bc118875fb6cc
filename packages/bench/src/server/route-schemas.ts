// The Fastify baseline's route schemas come from the generator's one interpreter of the spec's
// schemas, as ours' generated validators do: both servers check the same request.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fastifySchemas } from "@transfer-call/codegen";
import { API_VERSION, TRANSFER_OPERATION } from "./load.js";

export type RouteSchemas = ReturnType<typeof fastifySchemas>;

/** The transfer route's request schemas for Fastify, from the load's api-version's committed OpenAPI 3.0 document. */
export function transferRouteSchemas(root: string): RouteSchemas {
  const file = `spec/openapi/3.0.0/openapi.${API_VERSION}.json`;
  const doc = JSON.parse(readFileSync(path.join(root, file), "utf8"));
  return fastifySchemas(doc, TRANSFER_OPERATION);
}
