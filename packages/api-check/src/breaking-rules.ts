/**
 * The catalogue of change rules `pnpm api:check` applies to the OpenAPI diff. Every change the diff
 * finds gets exactly one of these rules; the rule says how it is classified and why.
 *
 * "Request" means data the API consumer sends (parameters, request bodies). "Response" means data
 * the consumer receives: responses and, since the service sends them, the bodies of callbacks.
 */

/** How a change affects existing consumers. */
export type Classification = "breaking" | "non-breaking" | "docs-only";

/** How loudly a change is reported: errors fail the check, warnings need a reviewer's eye. */
export type Severity = "error" | "warning" | "note";

export interface ChangeRule {
  id: string;
  classification: Classification;
  severity: Severity;
  /** One line of documentation: what the rule detects and why it is classified so. */
  doc: string;
}

function rule(id: string, classification: Classification, doc: string, severity?: Severity): ChangeRule {
  return { id, classification, doc, severity: severity ?? (classification === "breaking" ? "error" : "note") };
}

export const RULES = {
  pathRemoved: rule("path-removed", "breaking", "A path is gone: every call to it now gets 404."),
  operationRemoved: rule("operation-removed", "breaking", "An operation is gone: calls to it now fail."),
  operationPathChanged: rule(
    "operation-path-changed",
    "breaking",
    "An operation (same operationId) moved to another path: existing clients call the old URL.",
  ),
  operationVerbChanged: rule(
    "operation-verb-changed",
    "breaking",
    "An operation (same operationId) changed its HTTP method: existing clients send the old verb.",
  ),
  operationAdded: rule("operation-added", "non-breaking", "A new operation: nobody calls it yet."),
  responseRemoved: rule(
    "response-removed",
    "breaking",
    "A documented response status is gone: clients coded against it get something else.",
  ),
  statusCodeChanged: rule(
    "status-code-changed",
    "breaking",
    "An operation answers with a different status code than before: clients that check the code break.",
  ),
  successStatusAdded: rule(
    "success-status-added",
    "breaking",
    "A new 1xx-3xx status: clients that accept only the documented success code (the official SDK accepts only 202) treat it as a failure.",
  ),
  errorStatusAdded: rule(
    "error-status-added",
    "non-breaking",
    "A new 4xx/5xx status: clients already handle errors, through the `default` response.",
  ),
  securityChanged: rule(
    "security-changed",
    "breaking",
    "Security requirements or schemes changed: existing credentials may stop working, or calls are no longer protected.",
  ),
  propertyRemoved: rule(
    "property-removed",
    "breaking",
    "A property is gone: a request carrying it is rejected (closed models), a consumer reading it finds nothing.",
  ),
  propertyRenamed: rule(
    "property-renamed",
    "breaking",
    "A property's wire name changed (`@renamedFrom` in the spec): clients send and read the old name.",
  ),
  schemaRenamed: rule(
    "schema-renamed",
    "non-breaking",
    "A schema's name changed (`@renamedFrom` in the spec): nothing changes on the wire; generated types take the new name.",
  ),
  propertyAdded: rule("property-added", "non-breaking", "A new optional property."),
  requiredPropertyAdded: rule(
    "required-property-added",
    "breaking",
    "A request property became required: existing requests without it are rejected.",
  ),
  requiredPropertyRelaxed: rule(
    "required-property-relaxed",
    "non-breaking",
    "A request property is no longer required: every existing request still validates.",
  ),
  responsePropertyOptional: rule(
    "response-property-optional",
    "breaking",
    "A response property is no longer required: consumers that rely on it being present break.",
  ),
  responsePropertyRequired: rule(
    "response-property-required",
    "non-breaking",
    "A response property is now always present: consumers lose nothing.",
  ),
  requiredParameterAdded: rule(
    "required-parameter-added",
    "breaking",
    "A parameter is new and required, or became required: existing calls without it are rejected.",
  ),
  parameterAdded: rule("parameter-added", "non-breaking", "A new optional parameter."),
  parameterRemoved: rule(
    "parameter-removed",
    "breaking",
    "A parameter is gone: clients still send it, and generated clients lose a field they set.",
  ),
  parameterRelaxed: rule("parameter-relaxed", "non-breaking", "A parameter is no longer required."),
  typeChanged: rule(
    "type-changed",
    "breaking",
    "A schema type changed: values that were valid are rejected (request) or arrive in a shape consumers do not parse (response).",
  ),
  formatNarrowed: rule(
    "format-narrowed",
    "breaking",
    "A request value gained or changed its format: values that were valid may now be rejected.",
  ),
  formatChanged: rule(
    "format-changed",
    "breaking",
    "A response value changed or lost its format: consumers parsing the old format break.",
  ),
  formatRelaxed: rule(
    "format-relaxed",
    "non-breaking",
    "A request value lost its format (widened), or a response value gained one (narrowed output).",
  ),
  enumValueRemoved: rule(
    "enum-value-removed",
    "breaking",
    "A value consumers send is no longer accepted. Breaking even for the extensible (open string) enums: the value is no longer a documented, supported one.",
  ),
  enumValueRemovedResponse: rule(
    "enum-value-removed-response",
    "non-breaking",
    "A value the service sends is no longer produced: consumers lose nothing.",
  ),
  enumValueAddedRequest: rule("enum-value-added-request", "non-breaking", "A new value consumers may send."),
  enumValueAddedResponse: rule(
    "enum-value-added-response",
    "non-breaking",
    "A new value the service may send. Not breaking because this API's enums are extensible (open strings), but consumers with exhaustive switches should add a case.",
    "warning",
  ),
  constraintChanged: rule(
    "constraint-changed",
    "non-breaking",
    "A validation keyword (pattern, length, range, additionalProperties, composition) changed; classified by api-smart-diff.",
  ),
  deprecated: rule("deprecated", "non-breaking", "Something is marked deprecated: a signal, not a break."),
  docsChanged: rule(
    "docs-changed",
    "docs-only",
    "Descriptions, summaries, titles, examples or tags changed: no effect on the wire.",
  ),
  apiVersionChanged: rule(
    "api-version-changed",
    "non-breaking",
    "A new api-version's document names its own api-version (`info.version`, the `api-version` value it accepts) instead of the previous one's: clients choose the version they send.",
  ),
  apiVersionListed: rule(
    "api-version-listed",
    "non-breaking",
    "The list of every api-version that each document carries (`Versions`) gained the new api-version: the released document's own contract is unchanged.",
  ),
  apiVersionRemoved: rule(
    "api-version-removed",
    "breaking",
    "A released api-version is gone from the spec: clients pinned to it are answered 400.",
  ),
  otherChange: rule(
    "other-change",
    "non-breaking",
    "A change no specific rule covers; its classification is api-smart-diff's, and unclassified ones are raised as warnings for review.",
  ),
} satisfies Record<string, ChangeRule>;

export type RuleName = keyof typeof RULES;

/** Every rule, for SARIF's rule table and the docs. */
export const ALL_RULES: ChangeRule[] = Object.values(RULES);
