import type { components } from "./generated/openapi.gen.js";
import { transferEventValidators } from "./generated/transfer-events.gen.js";
import { checkAgainst, type SchemaIssue } from "./json-schema.js";

type Schemas = components["schemas"];

/** A transfer callback event: a CloudEvent narrowed by its `type`. */
export type TransferEvent = Schemas["TransferEvent"];
/** `Microsoft.Communication.CallTransferAccepted`. */
export type CallTransferAcceptedEvent = Schemas["CallTransferAcceptedEvent"];
/** `Microsoft.Communication.CallTransferFailed`. */
export type CallTransferFailedEvent = Schemas["CallTransferFailedEvent"];
/** The `data` of a `CallTransferAccepted` event. */
export type CallTransferAccepted = Schemas["CallTransferAccepted"];
/** The `data` of a `CallTransferFailed` event. */
export type CallTransferFailed = Schemas["CallTransferFailed"];
/** The result codes an event carries. */
export type ResultInformation = Schemas["ResultInformation"];
/** The CloudEvent types this module parses. */
export type TransferEventType = TransferEvent["type"];

/** Any CloudEvent 1.0 in structured JSON mode, such as another Call Automation event on the same callback URI. */
export interface CloudEvent {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  [attribute: string]: unknown;
}

/** A delivery that is not valid: not JSON, not CloudEvents, or a transfer event that breaks its schema. */
export class TransferEventError extends Error {
  override readonly name = "TransferEventError";
  /** Every problem found, each with the path of the offending value, e.g. `[0].data.resultInformation.code`. */
  readonly issues: readonly SchemaIssue[];

  constructor(issues: SchemaIssue[]) {
    const shown = issues.slice(0, 5).map((i) => `${i.path} ${i.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    super(`Invalid transfer event delivery: ${shown.join("; ")}${more}`);
    this.issues = issues;
  }
}

/**
 * The outcome of parsing one delivery. Events of other types (other Call Automation events that
 * share the callback URI) are not errors: they come back, checked as CloudEvents only, in `ignored`.
 */
export type ParseTransferEventsResult =
  | { events: TransferEvent[]; ignored: CloudEvent[]; error?: undefined }
  | { events?: undefined; ignored?: undefined; error: TransferEventError };

const decoder = new TextDecoder("utf-8", { fatal: true });

function isKnownType(type: string): type is TransferEventType {
  return Object.hasOwn(transferEventValidators, type);
}

function checkEnvelope(value: unknown, path: string, issues: SchemaIssue[]): value is CloudEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path, message: "must be a CloudEvent object" });
    return false;
  }
  const event = value as Record<string, unknown>;
  const before = issues.length;
  if (event.specversion !== "1.0") issues.push({ path: `${path}.specversion`, message: 'must be "1.0"' });
  for (const name of ["id", "source", "type"]) {
    if (typeof event[name] !== "string" || event[name] === "") {
      issues.push({ path: `${path}.${name}`, message: "must be a non-empty string" });
    }
  }
  return issues.length === before;
}

/**
 * Parses a callback delivery: a JSON text or bytes, or an already parsed value; one CloudEvent or
 * an array of them. Each transfer event is validated against its schema from the spec; on any
 * problem the whole delivery is rejected with a `TransferEventError` listing every issue.
 * Never throws.
 */
export function parseTransferEvents(input: unknown): ParseTransferEventsResult {
  let value = input;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    try {
      value = decoder.decode(input as ArrayBuffer | ArrayBufferView);
    } catch {
      return { error: new TransferEventError([{ path: "(root)", message: "is not valid UTF-8" }]) };
    }
  }
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (e) {
      return { error: new TransferEventError([{ path: "(root)", message: `is not JSON (${(e as Error).message})` }]) };
    }
  }
  const items = Array.isArray(value) ? value : [value];
  const issues: SchemaIssue[] = [];
  const events: TransferEvent[] = [];
  const ignored: CloudEvent[] = [];
  items.forEach((item, index) => {
    const path = Array.isArray(value) ? `[${index}]` : "";
    if (!checkEnvelope(item, path || "(root)", issues)) return;
    if (!isKnownType(item.type)) {
      ignored.push(item);
      return;
    }
    if (checkAgainst(transferEventValidators[item.type], item, path, issues))
      events.push(item as unknown as TransferEvent);
  });
  if (issues.length > 0) return { error: new TransferEventError(issues) };
  return { events, ignored };
}

/** Narrows to `CallTransferAccepted`. */
export function isCallTransferAccepted(event: TransferEvent): event is CallTransferAcceptedEvent {
  return event.type === ("Microsoft.Communication.CallTransferAccepted" satisfies CallTransferAcceptedEvent["type"]);
}

/** Narrows to `CallTransferFailed`. */
export function isCallTransferFailed(event: TransferEvent): event is CallTransferFailedEvent {
  return event.type === ("Microsoft.Communication.CallTransferFailed" satisfies CallTransferFailedEvent["type"]);
}
