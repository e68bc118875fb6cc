import type { ApiError, CommunicationError } from "./api-error.js";
import { apiError, ErrorCodes } from "./error-table.js";

/** One failure reported by a generated (Ajv standalone) validator. */
export interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, any>;
  message?: string;
  /** The schema object holding the failed keyword (validators are generated with `verbose`). */
  parentSchema?: Record<string, unknown>;
}

/** A validator compiled at generation time: returns whether `data` is valid and leaves the failures in `errors`. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ValidationIssue[] | null;
}

/** Where an input came from; names the field in `target`. */
export type InputLocation = "path" | "query" | "headers" | "body";

/**
 * The field an issue is about, as a path a person reads: `targetParticipant.phoneNumber.value`,
 * `items[2].id`, a header or query parameter under its name in the spec. A missing or unknown
 * property is named itself, not its parent.
 */
export function issueTarget(
  issue: ValidationIssue,
  location: InputLocation,
  names?: ReadonlyMap<string, string>,
): string {
  const segments = issue.instancePath === "" ? [] : issue.instancePath.slice(1).split("/").map(unescapePointer);
  if (issue.keyword === "required") segments.push(String(issue.params.missingProperty));
  if (issue.keyword === "additionalProperties") segments.push(String(issue.params.additionalProperty));
  if (location !== "body" && segments.length) segments[0] = names?.get(segments[0]!) ?? segments[0]!;
  let out = "";
  for (const s of segments) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || (location === "body" ? "body" : location);
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

function describe(issue: ValidationIssue): { code: string; message: string } {
  switch (issue.keyword) {
    case "required":
      return { code: ErrorCodes.missingProperty, message: "is required" };
    case "additionalProperties":
      return { code: ErrorCodes.unknownProperty, message: "is not a property this object accepts" };
    case "not": {
      if (issue.schemaPath.endsWith("/additionalProperties/not")) {
        return { code: ErrorCodes.unknownProperty, message: "is not a property this object accepts" };
      }
      const summary = issue.parentSchema?.["x-not-summary"];
      return {
        code: ErrorCodes.invalidValue,
        message:
          typeof summary === "string"
            ? `sets a combination of properties that is not allowed: ${summary}`
            : "matches a schema it must not match",
      };
    }
    case "format":
      return { code: ErrorCodes.invalidValue, message: `must be a valid ${issue.params.format}` };
    case "enum":
      return {
        code: ErrorCodes.invalidValue,
        message: `must be one of ${(issue.params.allowedValues as unknown[]).map(String).join(", ")}`,
      };
    default:
      return { code: ErrorCodes.invalidValue, message: issue.message ?? `fails ${issue.keyword}` };
  }
}

/**
 * Runs a generated validator; on failure throws a 400 whose `target` names the first field and
 * whose `details` list every failure (the validators are compiled with allErrors). With the
 * api-version whose schema the validator checks, the message names it: a field may be valid in
 * another version.
 */
export function validateInput(
  validator: CompiledValidator,
  data: unknown,
  location: InputLocation,
  names?: ReadonlyMap<string, string>,
  apiVersion?: string,
): void {
  if (validator(data)) return;
  throw validationError(validator.errors ?? [], location, names, apiVersion);
}

/** The 400 for a set of validator issues (the allOf/anyOf wrappers Ajv adds are left out). */
export function validationError(
  issues: readonly ValidationIssue[],
  location: InputLocation,
  names?: ReadonlyMap<string, string>,
  apiVersion?: string,
): ApiError {
  const details: CommunicationError[] = [];
  const seen = new Set<string>();
  // A value of the wrong type also fails the enum branch of an extensible enum (`anyOf: [string,
  // enum]`); the type is what is wrong, so the enum complaint at the same place is dropped.
  const wrongType = new Set(issues.filter((i) => i.keyword === "type").map((i) => i.instancePath));
  for (const issue of issues) {
    if (issue.keyword === "anyOf" || issue.keyword === "allOf" || issue.keyword === "if") continue;
    if (issue.keyword === "enum" && wrongType.has(issue.instancePath)) continue;
    const target = issueTarget(issue, location, names);
    const { code, message } = describe(issue);
    const key = `${target}\n${code}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ code, message: `${target} ${message}.`, target });
  }
  if (!details.length)
    details.push({ code: ErrorCodes.invalidValue, message: `The ${location} is invalid.`, target: location });
  const first = details[0]!;
  const what =
    location === "body" ? "request body" : location === "headers" ? "request headers" : `${location} parameters`;
  return apiError("validationFailed", { what, first, more: details.length - 1, apiVersion }, details);
}
