import type { Diff } from "api-smart-diff";
import { type ChangeRule, type Classification, RULES, type Severity } from "./breaking-rules.js";
import type { JsonPath } from "./json-pointer.js";

/** Which way the changed data flows, seen from the API consumer. */
export type Direction = "request" | "response" | "operation" | "document";

/** One api-smart-diff finding with this project's rule applied to it. */
export interface ClassifiedDiff {
  rule: ChangeRule;
  classification: Classification;
  severity: Severity;
  direction: Direction;
  /** Path in the (callback-hoisted) document the change is in: base for removals, head otherwise. */
  path: JsonPath;
  side: "base" | "head";
  diff: Diff;
  /** Short text of what changed, without the "where" (the report adds that). */
  what: string;
  /** Found under `components/schemas` rather than at a place an operation uses it. */
  componentOnly?: boolean;
}

const rank = (r: { classification: Classification; severity: Severity }) =>
  ({ breaking: 0, "non-breaking": 3, "docs-only": 6 })[r.classification] +
  { error: 0, warning: 1, note: 2 }[r.severity];

const DOC_KEYS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "tags"]);
const CONSTRAINT_KEYS = new Set([
  "pattern",
  "maxLength",
  "minLength",
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "multipleOf",
  "maxItems",
  "minItems",
  "uniqueItems",
  "maxProperties",
  "minProperties",
  "additionalProperties",
  "nullable",
  "not",
  "oneOf",
  "anyOf",
  "allOf",
  "enum",
  "discriminator",
  "readOnly",
  "writeOnly",
  "default",
  "type",
  "items",
]);

/** What api-smart-diff itself said, as this project's classification. */
export function libraryClassification(diff: Diff): { classification: Classification; severity: Severity } {
  switch (diff.type) {
    case "breaking":
      return { classification: "breaking", severity: "error" };
    case "annotation":
      return { classification: "docs-only", severity: "note" };
    case "unclassified":
      return { classification: "non-breaking", severity: "warning" };
    default:
      return { classification: "non-breaking", severity: "note" };
  }
}

/** "added", "removed", "replaced", "renamed": api-smart-diff's action as a past participle. */
export function past(action: string): string {
  return action.endsWith("e") ? `${action}d` : `${action}ed`;
}

const show = (value: unknown) => (typeof value === "string" ? `\`${value}\`` : `\`${JSON.stringify(value)}\``);

function fromRule(rule: ChangeRule) {
  return { rule, classification: rule.classification, severity: rule.severity };
}

function fromLibrary(rule: ChangeRule, diff: Diff) {
  return { rule, ...libraryClassification(diff) };
}

function directionOf(opRelative: JsonPath): Direction {
  if (opRelative[0] === "responses") return "response";
  if (opRelative[0] === "parameters" || opRelative[0] === "requestBody") return "request";
  return "operation";
}

/** Rules for a change inside a schema (or parameter/response object) that flows in `direction`. */
function schemaRule(diff: Diff, direction: Direction, path: JsonPath) {
  const key = String(path[path.length - 1]);
  const parent = String(path[path.length - 2] ?? "");
  const { action, before, after } = diff;
  const request = direction === "request";

  if (parent === "properties") {
    if (action === "remove") return { ...fromRule(RULES.propertyRemoved), what: `property \`${key}\` removed` };
    if (action === "add") return { ...fromRule(RULES.propertyAdded), what: `property \`${key}\` added` };
    return { ...fromLibrary(RULES.otherChange, diff), what: `property \`${key}\` ${past(action)}` };
  }
  if (parent === "required" || key === "required") {
    const names = [after, before].flat().filter((v) => typeof v === "string");
    const subject = names.map((n) => `\`${n}\``).join(", ");
    const tightened = action === "add" || action === "replace";
    if (request) {
      return tightened
        ? { ...fromRule(RULES.requiredPropertyAdded), what: `${subject} is now required` }
        : { ...fromRule(RULES.requiredPropertyRelaxed), what: `${subject} is no longer required` };
    }
    return tightened
      ? { ...fromRule(RULES.responsePropertyRequired), what: `${subject} is now always present` }
      : { ...fromRule(RULES.responsePropertyOptional), what: `${subject} is no longer guaranteed` };
  }
  if (parent === "enum") {
    if (action === "add") {
      const r = request ? RULES.enumValueAddedRequest : RULES.enumValueAddedResponse;
      return { ...fromRule(r), what: `enum value ${show(after)} added` };
    }
    const r = request
      ? RULES.enumValueRemoved
      : action === "replace"
        ? RULES.enumValueAddedResponse
        : RULES.enumValueRemovedResponse;
    const what =
      action === "replace"
        ? `enum value ${show(before)} replaced by ${show(after)}`
        : `enum value ${show(before)} removed`;
    return { ...fromRule(r), what };
  }
  if (key === "type" && action === "replace") {
    return { ...fromRule(RULES.typeChanged), what: `type changed from ${show(before)} to ${show(after)}` };
  }
  if (key === "format") {
    const what =
      action === "add"
        ? `format ${show(after)} added`
        : action === "remove"
          ? `format ${show(before)} removed`
          : `format changed from ${show(before)} to ${show(after)}`;
    if (request) return { ...fromRule(action === "remove" ? RULES.formatRelaxed : RULES.formatNarrowed), what };
    return { ...fromRule(action === "add" ? RULES.formatRelaxed : RULES.formatChanged), what };
  }
  if (path.some((k) => k === "example" || k === "examples") || DOC_KEYS.has(key)) {
    return { ...fromRule(RULES.docsChanged), what: `${key} changed` };
  }
  if (key === "deprecated")
    return { ...fromRule(RULES.deprecated), what: `deprecated: ${show(before ?? false)} → ${show(after ?? false)}` };
  if (CONSTRAINT_KEYS.has(key) || CONSTRAINT_KEYS.has(parent)) {
    return {
      ...fromLibrary(RULES.constraintChanged, diff),
      what: `\`${CONSTRAINT_KEYS.has(key) ? key : parent}\` ${past(action)}`,
    };
  }
  return { ...fromLibrary(RULES.otherChange, diff), what: `\`${key}\` ${past(action)}` };
}

function operationRule(diff: Diff, opRelative: JsonPath) {
  const { action, before, after } = diff;
  const [first, second, third] = opRelative;
  if (first === "security")
    return { ...fromRule(RULES.securityChanged), what: "operation security requirements changed" };
  if (first === "responses" && opRelative.length === 2) {
    const code = String(second);
    if (action === "remove") return { ...fromRule(RULES.responseRemoved), what: `response ${code} removed` };
    if (action === "add") {
      const success = /^[123]/.test(code);
      return {
        ...fromRule(success ? RULES.successStatusAdded : RULES.errorStatusAdded),
        what: `response ${code} added`,
      };
    }
  }
  if (first === "parameters" && opRelative.length === 2) {
    const param = (action === "remove" ? before : after) as
      | { name?: string; in?: string; required?: boolean }
      | undefined;
    const label = `${param?.in ?? ""} parameter \`${param?.name ?? second}\``.trim();
    if (action === "remove") return { ...fromRule(RULES.parameterRemoved), what: `${label} removed` };
    if (action === "add") {
      return param?.required
        ? { ...fromRule(RULES.requiredParameterAdded), what: `required ${label} added` }
        : { ...fromRule(RULES.parameterAdded), what: `optional ${label} added` };
    }
  }
  if (first === "parameters" && third === "required" && opRelative.length === 3) {
    return after === true
      ? { ...fromRule(RULES.requiredParameterAdded), what: "parameter became required" }
      : { ...fromRule(RULES.parameterRelaxed), what: "parameter is no longer required" };
  }
  if (first === "requestBody" && second === "required" && opRelative.length === 2) {
    return after === true
      ? { ...fromRule(RULES.requiredParameterAdded), what: "request body became required" }
      : { ...fromRule(RULES.parameterRelaxed), what: "request body is no longer required" };
  }
  if (opRelative.length === 1 && DOC_KEYS.has(String(first)))
    return { ...fromRule(RULES.docsChanged), what: `${first} changed` };
  if (opRelative.length === 1 && first === "operationId")
    return { ...fromLibrary(RULES.otherChange, diff), what: "operationId changed" };
  return schemaRule(diff, directionOf(opRelative), opRelative);
}

/**
 * Applies the rule catalogue to one api-smart-diff finding. Returns null for findings under
 * `components` other than schemas and security schemes (api-smart-diff reports them again, resolved,
 * at each place a path uses them, with the context — request or response — that decides the class).
 */
export function classifyDiff(diff: Diff): ClassifiedDiff | null {
  const path = diff.path as JsonPath;
  const side = diff.action === "remove" ? "base" : "head";
  const done = (
    direction: Direction,
    r: { rule: ChangeRule; classification: Classification; severity: Severity; what: string },
  ) =>
    ({
      ...r,
      direction,
      path,
      side,
      diff,
    }) satisfies ClassifiedDiff;

  if (path[0] === "paths") {
    if (path.length === 2) {
      return diff.action === "remove"
        ? done("operation", { ...fromRule(RULES.pathRemoved), what: `path \`${path[1]}\` removed` })
        : done("operation", { ...fromRule(RULES.operationAdded), what: `path \`${path[1]}\` added` });
    }
    if (path.length === 3) {
      const verb = String(path[2]).toUpperCase();
      if (diff.action === "remove")
        return done("operation", { ...fromRule(RULES.operationRemoved), what: `operation ${verb} ${path[1]} removed` });
      if (diff.action === "add")
        return done("operation", { ...fromRule(RULES.operationAdded), what: `operation ${verb} ${path[1]} added` });
    }
    const opRelative = path.slice(3);
    return done(directionOf(opRelative), operationRule(diff, opRelative));
  }
  if (path[0] === "security" || (path[0] === "components" && path[1] === "securitySchemes")) {
    return done("document", { ...fromRule(RULES.securityChanged), what: `${path.join(".")} ${past(diff.action)}` });
  }
  if (path[0] === "components" && path[1] === "schemas") {
    // Reported again at every path that uses the schema; compareOpenApi keeps this one only when no
    // operation uses the schema. Used by nobody, its direction is unknown: the stricter rule wins.
    if (path.length === 3) {
      const what = `schema \`${path[2]}\` ${past(diff.action)}`;
      return { ...done("document", { ...fromLibrary(RULES.otherChange, diff), what }), componentOnly: true };
    }
    const asRequest = schemaRule(diff, "request", path);
    const asResponse = schemaRule(diff, "response", path);
    const stricter = rank(asRequest) <= rank(asResponse) ? asRequest : asResponse;
    return { ...done("document", stricter), componentOnly: true };
  }
  if (path[0] === "components") return null;
  if (path[0] === "info" && path[1] === "version") {
    return done("document", {
      ...fromRule(RULES.apiVersionChanged),
      what: `api-version ${show(diff.before)} → ${show(diff.after)}`,
    });
  }
  if (path[0] === "info" || path[0] === "tags" || path[0] === "externalDocs") {
    return done("document", { ...fromRule(RULES.docsChanged), what: `${path.join(".")} changed` });
  }
  return done("document", { ...fromLibrary(RULES.otherChange, diff), what: `${path.join(".")} ${past(diff.action)}` });
}
