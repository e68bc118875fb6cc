import { expect } from "vitest";
import type { ApiVersion } from "../support/versioned-documents.js";
import type { WireDocument, WireShape } from "../support/wire-shape.js";

/**
 * - refinement: stricter or more explicit than upstream, in every version that has the field;
 * - layout rule: upstream's files differ by how they were written, not by api-version, and the
 *   spec follows one rule in every version;
 * - not expressible: TypeSpec cannot say what upstream says in that version.
 */
export type DifferenceKind = "refinement" | "layout rule" | "not expressible";

/** One way this definition deliberately differs from upstream; `apply` turns upstream's wire document into ours. */
export interface Difference {
  name: string;
  kind: DifferenceKind;
  /** The spec file that says why. */
  why: string;
  apply(doc: WireDocument, apiVersion: ApiVersion): WireDocument;
}

/** Models closed to extra properties in every version (spec/transfer.tsp, TransferToParticipantRequest). */
export const SEALED_BY_RULE = [
  "TransferToParticipantRequest",
  "TransferCallResponse",
  "CustomCallingContext",
  "CustomContext",
  "CallTransferAccepted",
  "CallTransferFailed",
  "ResultInformation",
  "SipDiagnosticInfo",
];

/** The version from which ResultInformation carries sipDetails and q850Details (spec/events.tsp). */
export const SIP_DETAILS_SINCE: ApiVersion = "2024-09-15";

export const DIFFERENCES: Difference[] = [
  {
    name: "api-version closed to the document's version",
    kind: "refinement",
    why: "spec/transfer.tsp (TransferToParticipant): a document describes one version's contract",
    apply: (doc, apiVersion) =>
      withParameter(doc, "api-version", (p) => ({ ...p, enum: [apiVersion], extensible: false })),
  },
  {
    name: "Repeatability-First-Sent as an HTTP-date",
    kind: "refinement",
    why: "spec/transfer.tsp: upstream 2023-03-06 says IMF-fixdate only in the description",
    apply: (doc) => withParameter(doc, "Repeatability-First-Sent", (p) => ({ ...p, format: "http-date" })),
  },
  {
    name: "Authorization header in 2023-03-06",
    kind: "refinement",
    why: "spec/main.tsp (@useAuth): upstream 2023-03-06 declares none, yet its service authenticates",
    apply: (doc) => ({ ...doc, security: [{ type: "apiKey", in: "header", name: "Authorization" }] }),
  },
  {
    name: "E.164 pattern on PhoneNumberIdentifierModel.value",
    kind: "refinement",
    why: "spec/identifiers.tsp: E.164 as a pattern, not only prose; `anonymous` too from 2025-05-15 on",
    apply: (doc, apiVersion) =>
      withSchema(doc, "PhoneNumberIdentifierModel", (s) =>
        withProperty(s, "value", (v) => ({ ...v, pattern: apiVersion < ANONYMOUS_SINCE ? E164 : E164_OR_ANONYMOUS })),
      ),
  },
  {
    name: "one nested identifier, matching kind",
    kind: "refinement",
    why: "spec/identifiers.tsp: the rule upstream states in prose, as a `not` clause",
    apply: (doc) =>
      withSchema(doc, "CommunicationIdentifierModel", (s) => ({
        ...s,
        not: expect.objectContaining({ anyOf: expect.any(Array) }),
      })),
  },
  {
    name: "operationCallbackUri is an absolute URI",
    kind: "refinement",
    why: "spec/transfer.tsp: the service POSTs the transfer events to it",
    apply: (doc) =>
      withSchema(doc, "TransferToParticipantRequest", (s) =>
        withProperty(s, "operationCallbackUri", (p) => ({ ...p, format: "uri" })),
      ),
  },
  {
    name: "sipDetails and q850Details from 2024-09-15 on",
    kind: "layout rule",
    why: "spec/events.tsp (ResultInformation): the hand-written files omit them",
    apply: (doc, apiVersion) => {
      if (apiVersion < SIP_DETAILS_SINCE) return doc;
      const withInfo: WireDocument = {
        ...doc,
        schemas: { ...doc.schemas, SipDiagnosticInfo: doc.schemas.SipDiagnosticInfo ?? SIP_DIAGNOSTIC_INFO },
      };
      return withSchema(withInfo, "ResultInformation", (s) => ({
        ...s,
        properties: {
          ...s.properties,
          sipDetails: { ref: "SipDiagnosticInfo" },
          q850Details: { ref: "SipDiagnosticInfo" },
        },
      }));
    },
  },
  {
    name: "request, response, custom context and event payloads sealed",
    kind: "layout rule",
    why: "spec/transfer.tsp (TransferToParticipantRequest): only the TypeSpec-emitted files say so",
    apply: (doc) =>
      SEALED_BY_RULE.reduce((d, name) => withSchema(d, name, (s) => ({ ...s, additionalProperties: false })), doc),
  },
  {
    name: "CommunicationError's target, details and innererror read-only",
    kind: "not expressible",
    why: "spec/errors.tsp: visibility cannot be versioned; upstream 2023-03-06 does not mark them",
    apply: (doc) =>
      withSchema(doc, "CommunicationError", (s) =>
        ["target", "details", "innererror"].reduce(
          (e, name) => withProperty(e, name, (p) => ({ ...p, readOnly: true })),
          s,
        ),
      ),
  },
];

/**
 * The differences that change each version's upstream wire document: the list the lead and the
 * reader of a version's document can check against. A difference that changes nothing anywhere
 * does not belong in DIFFERENCES.
 */
const EVERY_VERSION = [
  "api-version closed to the document's version",
  "E.164 pattern on PhoneNumberIdentifierModel.value",
  "one nested identifier, matching kind",
];
const FROM_2023_10_15 = [...EVERY_VERSION, "operationCallbackUri is an absolute URI"];
const HAND_WRITTEN_LAYOUT = "request, response, custom context and event payloads sealed";
export const DIFFERENCES_BY_VERSION: Record<ApiVersion, string[]> = {
  "2023-03-06": [
    ...EVERY_VERSION,
    "Repeatability-First-Sent as an HTTP-date",
    "Authorization header in 2023-03-06",
    HAND_WRITTEN_LAYOUT,
    "CommunicationError's target, details and innererror read-only",
  ],
  "2023-10-15": [...FROM_2023_10_15, HAND_WRITTEN_LAYOUT],
  "2024-04-15": [...FROM_2023_10_15, HAND_WRITTEN_LAYOUT],
  "2024-09-15": FROM_2023_10_15,
  "2025-05-15": [...FROM_2023_10_15, "sipDetails and q850Details from 2024-09-15 on", HAND_WRITTEN_LAYOUT],
  "2025-06-15": [...FROM_2023_10_15, "sipDetails and q850Details from 2024-09-15 on", HAND_WRITTEN_LAYOUT],
  "2026-03-12": FROM_2023_10_15,
};

/** Upstream's wire document of a version with every difference applied: what ours must be. */
export function expectedWireDocument(upstream: WireDocument, apiVersion: ApiVersion): WireDocument {
  return DIFFERENCES.reduce((doc, d) => d.apply(doc, apiVersion), upstream);
}

/** The names of the differences that change upstream's wire document of a version. */
export function differencesThatApply(upstream: WireDocument, apiVersion: ApiVersion): string[] {
  return DIFFERENCES.filter((d) => !sameWire(d.apply(upstream, apiVersion), upstream)).map((d) => d.name);
}

const E164 = "^\\+[1-9][0-9]{1,14}$";
/** From this version a phone number's value may be `anonymous` (with `isAnonymous: true`). */
export const ANONYMOUS_SINCE: ApiVersion = "2025-05-15";
const E164_OR_ANONYMOUS = "^(\\+[1-9][0-9]{1,14}|anonymous)$";
const SIP_DIAGNOSTIC_INFO: WireShape = {
  type: "object",
  properties: { code: { type: "integer", format: "int32" }, message: { type: "string" } },
  additionalProperties: false,
};

function sameWire(a: WireDocument, b: WireDocument): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function withSchema(doc: WireDocument, name: string, change: (s: WireShape) => WireShape): WireDocument {
  const schema = doc.schemas[name];
  return schema ? { ...doc, schemas: { ...doc.schemas, [name]: change(schema) } } : doc;
}

/** Changes a property the schema has; a version without the property is left alone. */
function withProperty(schema: WireShape, name: string, change: (s: WireShape) => WireShape): WireShape {
  const property = schema.properties?.[name];
  return property ? { ...schema, properties: { ...schema.properties, [name]: change(property) } } : schema;
}

function withParameter(doc: WireDocument, name: string, change: (p: any) => any): WireDocument {
  return { ...doc, parameters: doc.parameters.map((p) => (p.name === name ? change(p) : p)) };
}
