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

/** What one document says on the wire about the transfer operation and the models it uses. */
export interface WireDocument {
  /** Every named schema: the operation's models and the event payloads. */
  schemas: Record<string, WireShape>;
  /** The non-body parameters, sorted by name. */
  parameters: Json[];
  body: { required: boolean; mediaTypes: string[]; schema: WireShape };
  /** Response schemas by status (`default` included). */
  responses: Record<string, WireShape>;
  /** The security schemes the operation requires. */
  security: { type: string; in: string; name: string }[];
}

/** The wire document of an upstream Swagger 2.0 extract and its event payloads. */
export function swaggerWireDocument(swagger: Json, events: Json, path: string): WireDocument {
  const op = swagger.paths[path].post;
  const parameters = op.parameters.map((p: Json) => (p.$ref ? swagger.parameters[p.$ref.split("/").pop()] : p));
  const body = parameters.find((p: Json) => p.in === "body");
  const definitions = { ...events.definitions, ...swagger.definitions };
  return {
    schemas: Object.fromEntries(Object.entries<Json>(definitions).map(([name, s]) => [name, wireShape(s)])),
    parameters: sortByName(parameters.filter((p: Json) => p.in !== "body").map((p: Json) => parameterShape(p))),
    body: {
      required: body.required === true,
      mediaTypes: op.consumes ?? swagger.consumes,
      schema: wireShape(body.schema),
    },
    responses: Object.fromEntries(Object.entries<Json>(op.responses).map(([s, r]) => [s, wireShape(r.schema)])),
    security: (op.security ?? swagger.security ?? []).flatMap((requirement: Json) =>
      Object.keys(requirement).map((key) => securityShape(swagger.securityDefinitions[key])),
    ),
  };
}

/**
 * The wire document of an emitted OpenAPI 3.x document. A named scalar (a component that is a
 * plain string, number or boolean, such as `uuid`) is what it says where it is used: references
 * to it are replaced by its shape, and it is not listed among the schemas.
 */
export function openApiWireDocument(doc: Json, path: string): WireDocument {
  const op = doc.paths[path].post;
  const components = doc.components.schemas;
  const json = (content: Json) => content?.["application/json"]?.schema;
  const scalars = new Map(
    Object.entries<Json>(components)
      .filter(([, s]) => ["string", "number", "integer", "boolean"].includes(s.type) && !s.enum)
      .map(([name, s]) => [name, wireShape(s)]),
  );
  const named = Object.entries<Json>(components).filter(([name]) => !scalars.has(name));
  return {
    schemas: Object.fromEntries(named.map(([name, s]) => [name, inlineScalars(wireShape(s), scalars)])),
    parameters: sortByName(op.parameters.map((p: Json) => parameterShape(p, components))),
    body: {
      required: op.requestBody.required === true,
      mediaTypes: Object.keys(op.requestBody.content),
      schema: wireShape(json(op.requestBody.content)),
    },
    responses: Object.fromEntries(Object.entries<Json>(op.responses).map(([s, r]) => [s, wireShape(json(r.content))])),
    security: (op.security ?? doc.security ?? []).flatMap((requirement: Json) =>
      Object.keys(requirement).map((key) => securityShape(doc.components.securitySchemes[key])),
    ),
  };
}

function inlineScalars(shape: WireShape, scalars: Map<string, WireShape>): WireShape {
  if (shape.ref && scalars.has(shape.ref)) {
    const { ref: _ref, ...rest } = shape;
    return { ...scalars.get(shape.ref), ...rest };
  }
  const out: WireShape = { ...shape };
  if (shape.items) out.items = inlineScalars(shape.items, scalars);
  if (shape.properties) {
    out.properties = Object.fromEntries(
      Object.entries(shape.properties).map(([name, s]) => [name, inlineScalars(s, scalars)]),
    );
  }
  if (typeof shape.additionalProperties === "object") {
    out.additionalProperties = inlineScalars(shape.additionalProperties, scalars);
  }
  return out;
}

function securityShape(scheme: Json): { type: string; in: string; name: string } {
  return { type: scheme.type, in: scheme.in, name: scheme.name };
}

function sortByName(list: Json[]): Json[] {
  return [...list].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}
