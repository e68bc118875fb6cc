import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_BANNER, type OpenApiDocument } from "../types.js";

/**
 * TypeScript types for one api-version of the API, from its OpenAPI 3.0 document. (openapi-typescript
 * 7.13 reads the 3.1 document's `unevaluatedProperties` maps as `Record<string, never>`; the 3.0
 * document says the same thing with `additionalProperties`, which it reads right.)
 * Runs in a worker (see client-types.ts): importing openapi-typescript alone takes most of a second.
 */
export function renderOpenApiTypes(doc: OpenApiDocument): Promise<string> {
  // Several steps ask for the same rendering (the client's and the server's copy): render each
  // distinct document once per worker.
  const key = JSON.stringify(doc);
  let rendering = renderings.get(key);
  if (!rendering) {
    rendering = openapiTS(withOpenness(doc) as any, { alphabetize: false, exportType: false }).then(
      (ast) => GENERATED_BANNER + astToString(ast),
    );
    renderings.set(key, rendering);
    // One generation's documents are kept; an older generation's are dropped.
    if (renderings.size > MAX_KEPT) renderings.delete(renderings.keys().next().value!);
  }
  return rendering;
}

/**
 * The document with every object's openness spelled out for openapi-typescript, so the types say
 * what the server's validators accept:
 * - `additionalProperties: { not: {} }` (how the emitter seals a model) becomes `false`, which says
 *   the same to a validator: openapi-typescript reads the first as an index signature of `unknown`,
 *   so any property name (a typo such as `operationCallbakUri`, or a field of a newer api-version)
 *   would type-check, while the server answers 400 UnknownProperty;
 * - an object with properties and no `additionalProperties` (a model the spec leaves open, as the
 *   identifier models, whose senders add fields such as `rawId` or those of later versions) gets
 *   `additionalProperties: true`, which openapi-typescript writes as `[key: string]: unknown`:
 *   without it, an open model would look sealed.
 */
function withOpenness(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withOpenness);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const closes = key === "additionalProperties" && isNotAnything(child);
    out[key] = closes ? false : withOpenness(child);
  }
  if (isOpenModel(out)) out.additionalProperties = true;
  return out;
}

/** An object schema with declared properties that says nothing about others: JSON Schema lets anything else through. */
function isOpenModel(schema: Record<string, unknown>): boolean {
  return (
    schema.type === "object" &&
    typeof schema.properties === "object" &&
    !("additionalProperties" in schema) &&
    !("unevaluatedProperties" in schema)
  );
}

function isNotAnything(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  const keys = Object.keys(schema);
  const not = (schema as { not?: unknown }).not;
  return keys.length === 1 && typeof not === "object" && not !== null && Object.keys(not).length === 0;
}

const MAX_KEPT = 32;
const renderings = new Map<string, Promise<string>>();
