/**
 * What the event parser reports when a value breaks its schema. The checks themselves are
 * generated (`generated/transfer-events.gen.ts`: Ajv standalone code compiled from the spec by
 * `pnpm generate`); this module turns their errors into issues that name the offending value by
 * its path, e.g. `data.resultInformation.code must be an integer, got string`.
 */

/** One reason a value does not match, at a path such as `data.resultInformation.code`. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** One error of a generated validator (the part of Ajv's `ErrorObject` read here). */
export interface ValidatorError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, any>;
}

/** A generated validator: true when the value matches; otherwise its `errors` say why. */
export interface EventValidator {
  (value: unknown): boolean;
  errors?: ValidatorError[] | null;
}

const FORMAT_MESSAGES: Record<string, string> = {
  "date-time": "must be an RFC 3339 date-time",
  uuid: "must be a UUID",
  uri: "must be an absolute URI",
  int32: "must fit in 32 bits",
  int64: "must fit in 64 bits",
};

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** The path and the value an error's JSON pointer names inside `root`, the path starting at `base`. */
function locate(root: unknown, pointer: string, base: string): { path: string; value: unknown } {
  let path = base;
  let value = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path = Array.isArray(value) ? child(path, Number(key)) : child(path, key);
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  }
  return { path, value };
}

function message(error: ValidatorError, value: unknown): string {
  const p = error.params;
  switch (error.keyword) {
    case "type": {
      const article = /^[aeiou]/.test(p.type) ? "an" : "a";
      return `must be ${article} ${p.type}, got ${typeOf(value)}`;
    }
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((e) => JSON.stringify(e)).join(", ")}`;
    case "pattern":
      return `must match ${p.pattern}`;
    case "format":
      return FORMAT_MESSAGES[p.format] ?? `must be a ${p.format}`;
    case "minLength":
      return `must be at least ${p.limit} characters`;
    case "maxLength":
      return `must be at most ${p.limit} characters`;
    case "minimum":
      return `must be >= ${p.limit}`;
    case "maximum":
      return `must be <= ${p.limit}`;
    case "anyOf":
      return "does not match any allowed shape";
    case "oneOf":
      return "must match exactly one allowed shape";
    case "not":
      return "matches a shape that is not allowed";
    default:
      return `fails ${error.keyword}`;
  }
}

/**
 * Runs a generated validator on `value` and appends an issue per error to `issues`, each path
 * starting at `base`. An `anyOf`/`oneOf` that fails is one issue, not one per alternative.
 * Returns whether the value matched.
 */
export function checkAgainst(validate: EventValidator, value: unknown, base: string, issues: SchemaIssue[]): boolean {
  // An object built in code may hold a property whose value is undefined, which JSON cannot
  // carry: it is checked as present (as `null`) rather than as missing.
  if (validate(withUndefinedAsNull(value))) return true;
  const errors = validate.errors ?? [];
  const alternatives = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const insideAlternative = (e: ValidatorError) =>
    alternatives.some(
      (a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`) && e.instancePath.startsWith(a.instancePath),
    );
  for (const error of errors) {
    if (insideAlternative(error)) continue;
    if (error.keyword === "required") {
      issues.push({
        path: child(locate(value, error.instancePath, base).path, error.params.missingProperty),
        message: "is required",
      });
    } else if (error.keyword === "additionalProperties") {
      const at = locate(value, error.instancePath, base).path;
      issues.push({ path: child(at, error.params.additionalProperty), message: "is not a known property" });
    } else if (error.keyword === "not" && error.schemaPath.endsWith("/additionalProperties/not")) {
      // `additionalProperties: { not: {} }`, how the spec closes a model, fails on the extra property.
      issues.push({
        path: locate(value, error.instancePath, base).path || "(root)",
        message: "is not a known property",
      });
    } else {
      const { path, value: at } = locate(value, error.instancePath, base);
      issues.push({ path: path || "(root)", message: message(error, at) });
    }
  }
  return false;
}

function withUndefinedAsNull(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUndefinedAsNull);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = item === undefined ? null : withUndefinedAsNull(item);
  return out;
}
