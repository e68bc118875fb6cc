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
  | {
      type: "object";
      properties: Readonly<Record<string, SchemaShape>>;
      required: readonly string[];
      additional: SchemaShape | false;
    }
  | { ref: string };

/** The body a handler returned does not match the response schema. */
export class ResponseShapeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`response body ${path || "(root)"}: expected ${expected}`);
    this.name = "ResponseShapeError";
  }
}

const MAX_DEPTH = 64;

/** Serialises one value of a schema; throws ResponseShapeError with the path relative to the value. */
type Writer = (value: unknown, depth: number) => string;

/**
 * The schemas compiled into writers, once per schema set: each object writer holds its properties'
 * pre-escaped `"name":` prefixes and writers, so a response costs the string it produces and little
 * else (no per-property path strings, no parts arrays).
 */
const compiled = new WeakMap<Readonly<Record<string, SchemaShape>>, Map<string, Writer>>();

/** Serialises `value` as the named schema of `schemas` allows. */
export function serializeWithSchema(
  schemas: Readonly<Record<string, SchemaShape>>,
  schemaName: string,
  value: unknown,
): string {
  let writers = compiled.get(schemas);
  if (!writers) compiled.set(schemas, (writers = new Map()));
  let writer = writers.get(schemaName);
  if (!writer) {
    if (!schemas[schemaName]) throw new Error(`no response schema named ${schemaName}`);
    writer = named(schemas, writers, schemaName);
  }
  return writer(value, 0);
}

/** The writer of a named schema, compiled on first use; references (recursive ones too) resolve lazily. */
function named(schemas: Readonly<Record<string, SchemaShape>>, writers: Map<string, Writer>, name: string): Writer {
  const known = writers.get(name);
  if (known) return known;
  const shape = schemas[name];
  if (!shape) throw new Error(`no response schema named ${name}`);
  let body: Writer | undefined;
  // Registered before compiling so a recursive reference finds it.
  const writer: Writer = (value, depth) => (body ??= compile(schemas, writers, shape))(value, depth);
  writers.set(name, writer);
  return writer;
}

/** `parent` joined with a child's relative path, as a person reads it: `a.b`, `a[0]`. */
function joinPath(parent: string, child: string): string {
  if (child === "") return parent;
  if (parent === "") return child;
  return child.startsWith("[") ? parent + child : `${parent}.${child}`;
}

function within(error: unknown, parent: string): never {
  if (error instanceof ResponseShapeError) throw new ResponseShapeError(joinPath(parent, error.path), error.expected);
  throw error;
}

function compile(
  schemas: Readonly<Record<string, SchemaShape>>,
  writers: Map<string, Writer>,
  shape: SchemaShape,
): Writer {
  if ("ref" in shape) {
    const target = named(schemas, writers, shape.ref);
    return (value, depth) => {
      if (depth > MAX_DEPTH) throw new ResponseShapeError("", `nesting of at most ${MAX_DEPTH}`);
      return target(value, depth + 1);
    };
  }
  switch (shape.type) {
    case "string":
      return (value) => {
        if (typeof value !== "string") throw new ResponseShapeError("", "a string");
        return JSON.stringify(value);
      };
    case "boolean":
      return (value) => {
        if (typeof value !== "boolean") throw new ResponseShapeError("", "a boolean");
        return value ? "true" : "false";
      };
    case "number":
    case "integer": {
      const integer = shape.type === "integer";
      return (value) => {
        if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
          throw new ResponseShapeError("", `a finite ${shape.type}`);
        }
        return String(value);
      };
    }
    case "any":
      return (value) => {
        const json = JSON.stringify(value);
        if (json === undefined) throw new ResponseShapeError("", "a JSON value");
        return json;
      };
    case "array": {
      const item = compile(schemas, writers, shape.items);
      return (value, depth) => {
        if (depth > MAX_DEPTH) throw new ResponseShapeError("", `nesting of at most ${MAX_DEPTH}`);
        if (!Array.isArray(value)) throw new ResponseShapeError("", "an array");
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          try {
            out += item(value[i], depth + 1);
          } catch (error) {
            within(error, `[${i}]`);
          }
        }
        return `${out}]`;
      };
    }
    case "object": {
      const properties = Object.keys(shape.properties).map((key) => ({
        key,
        prefix: `${JSON.stringify(key)}:`,
        required: shape.required.includes(key),
        write: compile(schemas, writers, shape.properties[key]!),
      }));
      const additional = shape.additional === false ? undefined : compile(schemas, writers, shape.additional);
      const declared = shape.properties;
      return (value, depth) => {
        if (depth > MAX_DEPTH) throw new ResponseShapeError("", `nesting of at most ${MAX_DEPTH}`);
        if (typeof value !== "object" || value === null || Array.isArray(value))
          throw new ResponseShapeError("", "an object");
        const record = value as Record<string, unknown>;
        let out = "";
        for (let i = 0; i < properties.length; i++) {
          const p = properties[i]!;
          const item = record[p.key];
          if (item === undefined) {
            if (p.required) throw new ResponseShapeError(p.key, "a value (required)");
            continue;
          }
          let json: string;
          try {
            json = p.write(item, depth + 1);
          } catch (error) {
            within(error, p.key);
          }
          out += out === "" ? p.prefix + json : `,${p.prefix}${json}`;
        }
        if (additional) {
          for (const key of Object.keys(record)) {
            if (Object.hasOwn(declared, key) || record[key] === undefined) continue;
            let json: string;
            try {
              json = additional(record[key], depth + 1);
            } catch (error) {
              within(error, key);
            }
            out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${json}`;
          }
        }
        return `{${out}}`;
      };
    }
  }
}
