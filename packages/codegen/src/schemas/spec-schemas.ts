// The spec's named schemas as every interpreter here reads them: `#/components/schemas/X`
// references, the `not` clauses explained in words, and the closure of schemas a name reaches.
import type { OpenApiDocument } from "../types.js";

type Schema = Record<string, any>;

/** How an OpenAPI document refers to one of its named schemas. */
export const REF_PREFIX = "#/components/schemas/";
/** Where the schemas live once added to Ajv as one schema with `$id: "spec"`. */
export const SPEC_ID = "spec";
const SPEC_REF_PREFIX = `${SPEC_ID}#/definitions/`;

/** The annotation the generator adds beside a `not` so a validator's caller can say what it forbids. */
export const NOT_SUMMARY = "x-not-summary";

/** The schema name a `$ref` points at; anything but a named schema is an error naming `where`. */
export function refName(ref: unknown, where: string): string {
  if (typeof ref !== "string" || !ref.startsWith(REF_PREFIX))
    throw new Error(`${where}: $ref ${JSON.stringify(ref)} is not a components.schemas reference`);
  return ref.slice(REF_PREFIX.length);
}

/** The named schemas of a document. */
export function namedSchemas(doc: OpenApiDocument): Record<string, Schema> {
  return doc.components?.schemas ?? {};
}

/** A copy of `schema` whose `#/components/schemas/X` references point into the `spec` schema Ajv holds. */
export function toSpecRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll(`"${REF_PREFIX}`, `"${SPEC_REF_PREFIX}`));
}

/** A copy of `schema` whose references point at `#/definitions/X` of the schema that embeds them. */
export function toLocalRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll(`"${REF_PREFIX}`, '"#/definitions/'));
}

/**
 * A sentence for a `not: { anyOf: [...] }` clause of the two shapes the spec uses: pairs of
 * properties that may not be set together, and a property that requires a discriminator value.
 */
export function summarizeNot(not: Schema): string {
  const alternatives: Schema[] = Array.isArray(not.anyOf) ? not.anyOf : [not];
  const exclusive = new Set<string>();
  const matches: string[] = [];
  const other: string[] = [];
  for (const alt of alternatives) {
    const keys = Object.keys(alt).sort().join(",");
    const required: string[] = alt.required ?? [];
    if (keys === "required" && required.length === 2) {
      for (const r of required) exclusive.add(r);
    } else if (keys === "properties,required" && required.length === 2) {
      const [discriminator, property] = required as [string, string];
      const values: unknown[] | undefined = alt.properties?.[discriminator]?.not?.enum;
      if (values?.length === 1) matches.push(`${property} requires ${discriminator} "${String(values[0])}"`);
      else other.push(JSON.stringify(alt));
    } else other.push(JSON.stringify(alt));
  }
  const parts: string[] = [];
  if (exclusive.size) parts.push(`at most one of ${[...exclusive].join(", ")} may be set`);
  if (matches.length) parts.push(matches.join("; "));
  if (other.length) parts.push(`it must not match ${other.join(" or ")}`);
  return parts.join("; ");
}

/** A copy of `schema` with an x-not-summary beside every non-empty `not`. */
export function annotateNot<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(annotateNot) as T;
  if (!schema || typeof schema !== "object") return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = annotateNot(value);
  const not = (schema as Schema).not;
  if (not && typeof not === "object" && Object.keys(not).length) out[NOT_SUMMARY] = summarizeNot(not);
  return out as T;
}

/** The document's named schemas as Ajv's `spec` schema: references rewritten, `not` clauses explained. */
export function specSchema(doc: OpenApiDocument): Schema {
  return { $id: SPEC_ID, definitions: annotateNot(toSpecRefs(namedSchemas(doc))) };
}

/** Every schema name the given schemas reach through `$ref`, the given ones included, sorted. */
export function schemaClosure(doc: OpenApiDocument, names: string[]): string[] {
  const all = namedSchemas(doc);
  const seen = new Set<string>();
  const pending = [...names];
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    const schema = all[name];
    if (!schema) throw new Error(`components.schemas.${name} is referenced but not defined`);
    seen.add(name);
    const text = JSON.stringify(schema);
    for (const match of text.matchAll(/"\$ref":"([^"]+)"/g)) pending.push(refName(match[1], name));
  }
  return [...seen].sort();
}
