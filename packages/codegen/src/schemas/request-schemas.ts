// An operation's request, location by location, as JSON Schema: what the server's generated
// validators check and what a Fastify route declares.
import { type OperationModel, readOperations } from "../artifacts/server-operations.js";
import type { OpenApiDocument } from "../types.js";
import { namedSchemas, schemaClosure, toLocalRefs, toSpecRefs } from "./spec-schemas.js";

/** The request locations a generated validator checks. */
export const LOCATIONS = ["path", "query", "headers", "body"] as const;
export type Location = (typeof LOCATIONS)[number];

type Schema = Record<string, unknown>;

function objectSchema(params: OperationModel["parameters"], lowerCase: boolean): Schema {
  const key = (name: string) => (lowerCase ? name.toLowerCase() : name);
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [key(p.name), p.schema])),
    required: params.filter((p) => p.required).map((p) => key(p.name)),
  };
}

/**
 * The JSON Schemas of one operation's inputs, keyed by location, with references as the document
 * writes them (`#/components/schemas/X`). Header names are lower-case, as Node gives them.
 */
export function requestSchemas(op: OperationModel): Record<Location, Schema> {
  const located = (where: string) => op.parameters.filter((p) => p.in === where);
  return {
    path: objectSchema(located("path"), false),
    query: objectSchema(located("query"), false),
    headers: objectSchema(located("header"), true),
    body: op.body ? op.body.schema : {},
  };
}

/** The same, with references into the `spec` schema that createAjv adds. */
export function inputSchemas(op: OperationModel): Record<Location, Schema> {
  return toSpecRefs(requestSchemas(op));
}

/**
 * The request schemas of the operation `operationId` ready for a Fastify route (`schema: { body, querystring,
 * headers, params }`): each self-contained, the named schemas it reaches under its own
 * `definitions`. Fastify's Ajv needs the spec's formats and keywords: `specAjvPlugin`.
 */
export function fastifySchemas(
  doc: OpenApiDocument,
  operationId: string,
): { body?: Schema; querystring: Schema; headers: Schema; params: Schema } {
  const op = readOperations(doc).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`the document has no operation ${operationId}`);
  const schemas = requestSchemas(op);
  const standalone = (schema: Schema): Schema => {
    const reached = [...JSON.stringify(schema).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    if (!reached.length) return schema;
    const all = namedSchemas(doc);
    const definitions = Object.fromEntries(schemaClosure(doc, reached).map((name) => [name, all[name]]));
    return toLocalRefs({ ...schema, definitions });
  };
  return {
    ...(op.body ? { body: standalone(schemas.body) } : {}),
    querystring: standalone(schemas.query),
    headers: standalone(schemas.headers),
    params: standalone(schemas.path),
  };
}
