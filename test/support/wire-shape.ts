import type { Json } from "./documents.js";

/**
 * The wire-relevant shape of a schema: names, types, formats, required, enums, references,
 * extra-property policy. Documentation, `allOf` wrappers that only carry a description, and the
 * Swagger/OpenAPI spelling differences are normalised away, so two definitions compare equal when
 * they accept the same JSON.
 */
export interface WireShape {
  ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  extensible?: boolean;
  pattern?: string;
  items?: WireShape;
  properties?: Record<string, WireShape>;
  required?: string[];
  additionalProperties?: boolean | WireShape;
  readOnly?: boolean;
  not?: unknown;
}

/** Formats that name the same wire format in Swagger 2.0 (left) and OpenAPI 3 (right). */
const FORMAT_ALIASES: Record<string, string> = { "date-time-rfc1123": "http-date", url: "uri" };

export function wireShape(schema: Json | undefined): WireShape {
  if (!schema) return {};
  if (schema.$ref)
    return { ref: String(schema.$ref).split("/").pop()!, ...(schema.readOnly ? { readOnly: true } : {}) };
  // `allOf: [{$ref}]` is how TypeSpec attaches a description to a reference.
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && !schema.type && !schema.properties) {
    return { ...wireShape(schema.allOf[0]), ...(schema.readOnly ? { readOnly: true } : {}) };
  }
  // An extensible enum: `anyOf: [{type: string}, {type: string, enum}]` in OpenAPI 3,
  // `enum` + `x-ms-enum.modelAsString` in Swagger.
  if (Array.isArray(schema.anyOf)) {
    const open = schema.anyOf.find((s: Json) => s.type === "string" && !s.enum);
    const closed = schema.anyOf.find((s: Json) => Array.isArray(s.enum));
    if (open && closed) return { type: "string", enum: [...closed.enum].sort(), extensible: true };
  }
  const shape: WireShape = {};
  if (schema.type) shape.type = schema.type;
  if (schema.format) shape.format = FORMAT_ALIASES[schema.format] ?? schema.format;
  if (schema.enum) {
    shape.enum = [...schema.enum].sort();
    shape.extensible = schema["x-ms-enum"]?.modelAsString === true;
  }
  if (schema.pattern) shape.pattern = schema.pattern;
  if (schema.items) shape.items = wireShape(schema.items);
  if (schema.properties) {
    shape.properties = Object.fromEntries(
      Object.entries<Json>(schema.properties)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, s]) => [name, wireShape(s)]),
    );
  }
  if (schema.required?.length) shape.required = [...schema.required].sort();
  const extra = schema.additionalProperties ?? schema.unevaluatedProperties;
  if (extra !== undefined) {
    const forbidsAll =
      extra === false || (typeof extra === "object" && extra.not && Object.keys(extra.not).length === 0);
    shape.additionalProperties = forbidsAll ? false : extra === true ? true : wireShape(extra);
  }
  if (schema.readOnly) shape.readOnly = true;
  if (schema.not) shape.not = schema.not;
  return shape;
}

/** A parameter's wire shape, the same for Swagger 2.0 (inline type) and OpenAPI 3 (schema). */
export function parameterShape(p: Json, components: Json = {}): Json {
  let schema = p.schema ?? { type: p.type, format: p.format, enum: p.enum };
  if (schema.$ref && !p.in?.startsWith("body")) schema = components[String(schema.$ref).split("/").pop()!] ?? schema;
  const { ref: _ref, ...shape } = wireShape(
    Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined)),
  );
  return { name: p.name, in: p.in, required: p.required === true, ...shape };
}
