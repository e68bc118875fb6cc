/**
 * Response serialisation driven by the response schema: only the properties the schema declares
 * are written, in the schema's order, each checked against its type. A handler that returns a
 * body its schema does not allow gets a ResponseShapeError (answered as a 500 by the error path)
 * instead of sending the client something the spec never promised.
 */

/** A response schema reduced to what serialisation needs; generated into `routes.gen.ts`. */
export type SchemaShape =
  | { type: "string" | "number" | "integer" | "boolean" | "any" }
  | { type: "array"; items: SchemaShape }
  | { type: "object"; properties: Readonly<Record<string, SchemaShape>>; required: readonly string[]; additional: SchemaShape | false }
  | { ref: string };

/** The body a handler returned does not match the response schema. */
export class ResponseShapeError extends Error {
  constructor(readonly path: string, expected: string) {
    super(`response body ${path || "(root)"}: expected ${expected}`);
    this.name = "ResponseShapeError";
  }
}

const MAX_DEPTH = 64;

/** Serialises `value` as the named schema of `schemas` allows. */
export function serializeWithSchema(schemas: Readonly<Record<string, SchemaShape>>, schemaName: string, value: unknown): string {
  const shape = schemas[schemaName];
  if (!shape) throw new Error(`no response schema named ${schemaName}`);
  return write(schemas, shape, value, "", 0);
}

function write(schemas: Readonly<Record<string, SchemaShape>>, shape: SchemaShape, value: unknown, at: string, depth: number): string {
  if (depth > MAX_DEPTH) throw new ResponseShapeError(at, `nesting of at most ${MAX_DEPTH}`);
  if ("ref" in shape) {
    const target = schemas[shape.ref];
    if (!target) throw new Error(`no response schema named ${shape.ref}`);
    return write(schemas, target, value, at, depth + 1);
  }
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") throw new ResponseShapeError(at, "a string");
      return JSON.stringify(value);
    case "boolean":
      if (typeof value !== "boolean") throw new ResponseShapeError(at, "a boolean");
      return value ? "true" : "false";
    case "number":
    case "integer":
      if (typeof value !== "number" || !Number.isFinite(value) || (shape.type === "integer" && !Number.isInteger(value))) {
        throw new ResponseShapeError(at, `a finite ${shape.type}`);
      }
      return String(value);
    case "any": {
      const json = JSON.stringify(value);
      if (json === undefined) throw new ResponseShapeError(at, "a JSON value");
      return json;
    }
    case "array": {
      if (!Array.isArray(value)) throw new ResponseShapeError(at, "an array");
      return `[${value.map((item, i) => write(schemas, shape.items, item, `${at}[${i}]`, depth + 1)).join(",")}]`;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ResponseShapeError(at, "an object");
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key in shape.properties) {
        const item = record[key];
        if (item === undefined) {
          if (shape.required.includes(key)) throw new ResponseShapeError(`${at}.${key}`, "a value (required)");
          continue;
        }
        parts.push(`${JSON.stringify(key)}:${write(schemas, shape.properties[key]!, item, at ? `${at}.${key}` : key, depth + 1)}`);
      }
      if (shape.additional !== false) {
        for (const key of Object.keys(record)) {
          if (Object.hasOwn(shape.properties, key) || record[key] === undefined) continue;
          parts.push(`${JSON.stringify(key)}:${write(schemas, shape.additional, record[key], at ? `${at}.${key}` : key, depth + 1)}`);
        }
      }
      return `{${parts.join(",")}}`;
    }
  }
}
