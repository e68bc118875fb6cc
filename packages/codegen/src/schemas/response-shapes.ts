import type { OpenApiDocument } from "../types.js";
import { namedSchemas, refName } from "./spec-schemas.js";

/** A response schema reduced to what serialisation needs (mirrors SchemaShape in the server runtime). */
export type Shape =
  | { type: "string" | "number" | "integer" | "boolean" | "any" }
  | { type: "array"; items: Shape }
  | { type: "object"; properties: Record<string, Shape>; required: string[]; additional: Shape | false }
  | { ref: string };

/** Shapes for the named schemas and every schema they reach, sorted by name. */
export function responseShapes(doc: OpenApiDocument, names: string[]): Record<string, Shape> {
  const schemas = namedSchemas(doc);
  const shapes: Record<string, Shape> = {};
  const pending = [...names];
  while (pending.length) {
    const name = pending.pop()!;
    if (shapes[name]) continue;
    const schema = schemas[name];
    if (!schema) throw new Error(`response schema ${name} is not in components.schemas`);
    shapes[name] = toShape(schema, (ref) => pending.push(ref), name);
  }
  return Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
}

function toShape(schema: Record<string, any>, reach: (name: string) => void, where: string): Shape {
  if (typeof schema.$ref === "string") {
    const name = refName(schema.$ref, where);
    reach(name);
    return { ref: name };
  }
  // TypeSpec writes a described reference as `allOf: [$ref]`.
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return toShape(schema.allOf[0], reach, where);
  // Extensible enums are `anyOf: [string, enum of strings]`.
  if (Array.isArray(schema.anyOf)) {
    const shapes = schema.anyOf.map((s: Record<string, any>) => toShape(s, reach, where));
    const types = new Set(shapes.map((s: Shape) => ("type" in s ? s.type : "any")));
    return types.size === 1 ? shapes[0]! : { type: "any" };
  }
  switch (schema.type) {
    case "string":
    case "number":
    case "integer":
    case "boolean":
      return { type: schema.type };
    case "array":
      return { type: "array", items: toShape(schema.items ?? {}, reach, where) };
    case "object":
    case undefined: {
      if (!schema.type && !schema.properties && schema.additionalProperties === undefined) return { type: "any" };
      const properties: Record<string, Shape> = {};
      for (const [key, value] of Object.entries<Record<string, any>>(schema.properties ?? {})) {
        properties[key] = toShape(value, reach, `${where}.${key}`);
      }
      const extra = schema.additionalProperties;
      const closed = extra === false || (extra && typeof extra.not === "object" && Object.keys(extra.not).length === 0);
      return {
        type: "object",
        properties,
        required: schema.required ?? [],
        additional: closed
          ? false
          : extra && typeof extra === "object"
            ? toShape(extra, reach, where)
            : { type: "any" },
      };
    }
    default:
      throw new Error(`${where}: schema type ${schema.type} is not supported by the response serialiser`);
  }
}
