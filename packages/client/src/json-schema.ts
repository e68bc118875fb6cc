/**
 * A small interpreter for the JSON Schema subset the spec's event schemas use. The schemas
 * themselves are generated (`generated/transfer-events.gen.ts`); the generator refuses any keyword
 * this file does not check, so the two cannot drift apart silently.
 */

/** One schema, with `$ref` shortened to the name of another schema in the same table. */
export interface JsonSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
  items?: JsonSchema;
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** Named schemas that refer to each other by name. */
export type SchemaTable = Record<string, JsonSchema>;

/** One reason a value does not match, at a path such as `data.resultInformation.code`. */
export interface SchemaIssue {
  path: string;
  message: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;

const patterns = new Map<string, RegExp>();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

function hasType(value: unknown, type: NonNullable<JsonSchema["type"]>): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function checkFormat(value: unknown, format: string): string | undefined {
  if (typeof value === "string") {
    if (format === "date-time" && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) {
      return "must be an RFC 3339 date-time";
    }
    if (format === "uuid" && !UUID.test(value)) return "must be a UUID";
    if (format === "uri" && !ABSOLUTE_URI.test(value)) return "must be an absolute URI";
  } else if (typeof value === "number") {
    if (format === "int32" && (value < -2147483648 || value > 2147483647)) return "must fit in 32 bits";
  }
  return undefined;
}

/**
 * Checks `value` against `schema` and appends every mismatch to `issues`.
 * Returns whether the value matched.
 */
export function validateSchema(
  table: SchemaTable,
  schema: JsonSchema,
  value: unknown,
  path: string,
  issues: SchemaIssue[],
): boolean {
  const before = issues.length;
  const fail = (at: string, message: string) => issues.push({ path: at || "(root)", message });

  if (schema.$ref !== undefined) {
    const target = table[schema.$ref];
    if (!target) fail(path, `refers to unknown schema ${schema.$ref}`);
    else validateSchema(table, target, value, path, issues);
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    fail(
      path,
      `must be ${schema.type === "integer" || schema.type === "array" || schema.type === "object" ? "an" : "a"} ${schema.type}, got ${typeOf(value)}`,
    );
    return false;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    fail(path, `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      fail(path, `must be at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      fail(path, `must be at most ${schema.maxLength} characters`);
    if (schema.pattern !== undefined) {
      let re = patterns.get(schema.pattern);
      if (!re) patterns.set(schema.pattern, (re = new RegExp(schema.pattern, "u")));
      if (!re.test(value)) fail(path, `must match ${schema.pattern}`);
    }
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) fail(path, `must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(path, `must be <= ${schema.maximum}`);
  }
  if (schema.format !== undefined) {
    const problem = checkFormat(value, schema.format);
    if (problem) fail(path, problem);
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) fail(child(path, name), "is required");
    }
    for (const [name, item] of Object.entries(value)) {
      const sub = schema.properties && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
      if (sub) validateSchema(table, sub, item, child(path, name), issues);
      else if (schema.additionalProperties === false) fail(child(path, name), "is not a known property");
      else if (typeof schema.additionalProperties === "object") {
        validateSchema(table, schema.additionalProperties, item, child(path, name), issues);
      }
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => {
      validateSchema(table, schema.items!, item, child(path, i), issues);
    });
  }
  for (const sub of schema.allOf ?? []) validateSchema(table, sub, value, path, issues);
  if (schema.anyOf && !schema.anyOf.some((sub) => validateSchema(table, sub, value, path, []))) {
    fail(path, "does not match any allowed shape");
  }
  if (schema.oneOf && schema.oneOf.filter((sub) => validateSchema(table, sub, value, path, [])).length !== 1) {
    fail(path, "must match exactly one allowed shape");
  }
  if (schema.not && validateSchema(table, schema.not, value, path, [])) {
    // `additionalProperties: { not: {} }` reaches here for every extra property.
    fail(
      path,
      Object.keys(schema.not).length === 0 ? "is not a known property" : "matches a shape that is not allowed",
    );
  }
  return issues.length === before;
}
