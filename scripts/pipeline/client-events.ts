import { GENERATED_BANNER, type GeneratedFile, type OpenApiDocument, type OpenApiDocuments } from "./types.js";

/**
 * The schemas of the transfer callback events, as data for the client's event parser.
 *
 * The client validates incoming CloudEvents with a small hand-written interpreter
 * (`packages/client/src/json-schema.ts`) that reads these tables; this step extracts from the
 * OpenAPI 3.0 document the event schemas named by the `TransferEvent` discriminator and every
 * schema they reference, drops documentation-only keywords, and fails when a schema uses a
 * keyword the interpreter does not understand, so the spec cannot outgrow the runtime silently.
 */

const OUTPUT = "packages/client/src/generated/transfer-events.gen.ts";
const ROOT_UNION = "TransferEvent";
const REF_PREFIX = "#/components/schemas/";

/** Keywords the interpreter checks. */
const CHECKED = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "enum",
  "pattern",
  "format",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "items",
  "$ref",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
]);
/** Keywords that only document: dropped from the tables. */
const DOCUMENTATION = new Set([
  "description",
  "readOnly",
  "example",
  "examples",
  "title",
  "discriminator",
  "x-ms-enum",
]);
/** Formats the interpreter checks. */
const FORMATS = new Set(["date-time", "uri", "uuid", "int32", "int64"]);

type Schema = Record<string, any>;

function refName(ref: string, where: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`${where}: $ref "${ref}" is not a components.schemas reference`);
  return ref.slice(REF_PREFIX.length);
}

/** A copy of `schema` with references shortened to schema names and documentation dropped. */
function simplify(schema: Schema, where: string, refs: Set<string>): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOCUMENTATION.has(key)) continue;
    if (!CHECKED.has(key)) {
      throw new Error(`${where}: keyword "${key}" is not supported by the client's event validator (json-schema.ts)`);
    }
    if (key === "$ref") {
      const name = refName(value, where);
      refs.add(name);
      out.$ref = name;
    } else if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries<Schema>(value).map(([name, sub]) => [name, simplify(sub, `${where}.${name}`, refs)]),
      );
    } else if (key === "items" || key === "not" || (key === "additionalProperties" && typeof value === "object")) {
      out[key] = simplify(value, `${where}/${key}`, refs);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = (value as Schema[]).map((sub, i) => simplify(sub, `${where}/${key}/${i}`, refs));
    } else if (key === "format") {
      if (!FORMATS.has(value))
        throw new Error(`${where}: format "${value}" is not supported by the client's event validator`);
      out.format = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The event schemas and their closure, plus the CloudEvent type → schema name map. */
export function transferEventTables(document: OpenApiDocument): {
  schemas: Record<string, Schema>;
  byType: Record<string, string>;
} {
  const all: Record<string, Schema> = document.components?.schemas ?? {};
  const union = all[ROOT_UNION];
  const mapping: Record<string, string> | undefined = union?.discriminator?.mapping;
  if (!mapping) throw new Error(`components.schemas.${ROOT_UNION} has no discriminator mapping`);
  const byType: Record<string, string> = {};
  for (const [type, ref] of Object.entries(mapping)) byType[type] = refName(ref, `${ROOT_UNION}.discriminator`);

  const schemas: Record<string, Schema> = {};
  const pending = Object.values(byType);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (schemas[name]) continue;
    const schema = all[name];
    if (!schema) throw new Error(`components.schemas.${name} is referenced but not defined`);
    const refs = new Set<string>();
    schemas[name] = simplify(schema, name, refs);
    pending.push(...refs);
  }
  const sorted = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, schemas[name]!]),
  );
  return { schemas: sorted, byType };
}

/** The generation step: writes the tables as a typed TypeScript module. */
export function clientEvents(documents: OpenApiDocuments): GeneratedFile[] {
  const { schemas, byType } = transferEventTables(documents["3.0.0"]);
  const content =
    GENERATED_BANNER +
    `import type { SchemaTable } from "../json-schema.js";\n\n` +
    `/** The schemas of the transfer callback events and everything they reference (components.schemas). */\n` +
    `export const transferEventSchemas: SchemaTable = ${JSON.stringify(schemas, null, 2)};\n\n` +
    `/** CloudEvent \`type\` → the schema of that event (the ${ROOT_UNION} discriminator mapping). */\n` +
    `export const transferEventSchemaByType = ${JSON.stringify(byType, null, 2)} as const;\n`;
  return [{ path: OUTPUT, content }];
}
