import { describe, expect, it } from "vitest";
import {
  type Json,
  openapi30,
  openapi31,
  TRANSFER_PATH,
  transferOperation,
  upstreamEvents,
  upstreamSwagger,
} from "../support/documents.js";
import { parameterShape, type WireShape, wireShape } from "../support/wire-shape.js";

/**
 * Where this definition is deliberately stricter than upstream. Each entry names the spec file
 * that says why; anything else that differs from upstream fails the comparison.
 */
const REFINEMENTS: { where: string; why: string; apply(upstream: WireShape): WireShape }[] = [
  {
    where: "PhoneNumberIdentifierModel.value",
    why: "spec/identifiers.tsp: E.164 as a pattern, not only prose",
    apply: (s) => ({
      ...s,
      properties: { ...s.properties, value: { ...s.properties!.value, pattern: "^\\+[1-9][0-9]{1,14}$" } },
    }),
  },
  {
    where: "CommunicationIdentifierModel",
    why: "spec/identifiers.tsp: 'at most one nested identifier, matching kind' as a `not` clause",
    apply: (s) => ({ ...s, not: expect.objectContaining({ anyOf: expect.any(Array) }) }),
  },
  {
    where: "TransferToParticipantRequest.operationCallbackUri",
    why: "spec/transfer.tsp: must be an absolute URI",
    apply: (s) => ({ ...s, properties: { ...s.properties, operationCallbackUri: { type: "string", format: "uri" } } }),
  },
];

function refined(name: string, upstream: WireShape): WireShape {
  return REFINEMENTS.filter((r) => r.where.split(".")[0] === name).reduce((s, r) => r.apply(s), upstream);
}

const OPERATION_MODELS = [
  "CommunicationCloudEnvironmentModel",
  "CommunicationError",
  "CommunicationErrorResponse",
  "CommunicationIdentifierModel",
  "CommunicationIdentifierModelKind",
  "CommunicationUserIdentifierModel",
  "CustomCallingContext",
  "MicrosoftTeamsAppIdentifierModel",
  "MicrosoftTeamsUserIdentifierModel",
  "PhoneNumberIdentifierModel",
  "TransferCallResponse",
  "TransferToParticipantRequest",
];
const EVENT_MODELS = [
  "CallTransferAccepted",
  "CallTransferFailed",
  "ResultInformation",
  "SipDiagnosticInfo",
  "CallConnectionStateModel",
];

describe.each([
  ["3.0", openapi30()],
  ["3.1", openapi31()],
])("OpenAPI %s is wire-equivalent to upstream", (_version, doc) => {
  const upstream = upstreamSwagger();
  const events = upstreamEvents();
  const schemas = doc.components.schemas as Json;

  it("defines exactly the 12 models upstream uses for the operation", () => {
    expect(Object.keys(upstream.definitions).sort()).toEqual(OPERATION_MODELS);
    for (const name of OPERATION_MODELS) expect(schemas, name).toHaveProperty([name]);
  });

  it.each(OPERATION_MODELS)("%s has upstream's names, types, formats, required and enums", (name) => {
    expect(wireShape(schemas[name])).toEqual(refined(name, wireShape(upstream.definitions[name])));
  });

  it.each(EVENT_MODELS)("event model %s matches upstream", (name) => {
    expect(wireShape(schemas[name])).toEqual(refined(name, wireShape(events.definitions[name])));
  });

  it("keeps the path, verb and operationId", () => {
    const [path] = Object.keys(upstream.paths);
    expect(path).toBe(TRANSFER_PATH);
    expect(Object.keys(doc.paths)).toEqual([TRANSFER_PATH]);
    expect(transferOperation(doc).operationId).toBe(upstream.paths[TRANSFER_PATH].post.operationId);
  });

  it("takes the same parameters, with api-version closed to the versions the spec lists", () => {
    const up = upstream.paths[TRANSFER_PATH].post.parameters.map((p: Json) =>
      p.$ref ? upstream.parameters[p.$ref.split("/").pop()] : p,
    );
    const upShapes = up.filter((p: Json) => p.in !== "body").map((p: Json) => parameterShape(p));
    const ours = transferOperation(doc).parameters.map((p: Json) => parameterShape(p, schemas));
    const expected = upShapes.map((p: Json) =>
      p.name === "api-version" ? { ...p, enum: ["2024-09-15"], extensible: false } : p,
    );
    expect(sortByName(ours)).toEqual(sortByName(expected));
  });

  it("takes the same required JSON body and answers 202 / default with upstream's schemas", () => {
    const op = transferOperation(doc);
    const upOp = upstream.paths[TRANSFER_PATH].post;
    const upBody = upOp.parameters.find((p: Json) => p.in === "body");
    expect(op.requestBody.required).toBe(upBody.required);
    expect(wireShape(op.requestBody.content["application/json"].schema)).toEqual(wireShape(upBody.schema));
    expect(Object.keys(op.requestBody.content)).toEqual(upOp.consumes);
    expect(Object.keys(op.responses).sort()).toEqual(Object.keys(upOp.responses).sort());
    for (const status of Object.keys(upOp.responses)) {
      expect(wireShape(op.responses[status].content["application/json"].schema)).toEqual(
        wireShape(upOp.responses[status].schema),
      );
    }
  });

  it("is secured by the Authorization header, as upstream", () => {
    const upScheme = Object.values<Json>(upstream.securityDefinitions)[0]!;
    const schemes = Object.values<Json>(doc.components.securitySchemes);
    expect(schemes).toHaveLength(1);
    expect({ type: schemes[0]!.type, in: schemes[0]!.in, name: schemes[0]!.name }).toEqual({
      type: upScheme.type,
      in: upScheme.in,
      name: upScheme.name,
    });
    expect(doc.security).toEqual([{ [Object.keys(doc.components.securitySchemes)[0]!]: [] }]);
  });

  it("describes the callback that follows a 202 with the CloudEvent envelopes of both events", () => {
    const callbacks = transferOperation(doc).callbacks;
    const post = callbacks.transferEvents["{$request.body#/operationCallbackUri}"].post;
    const items = post.requestBody.content["application/json"].schema.items;
    expect(items.$ref).toBe("#/components/schemas/TransferEvent");
    const union = schemas.TransferEvent;
    expect(union.discriminator.mapping).toEqual({
      "Microsoft.Communication.CallTransferAccepted": "#/components/schemas/CallTransferAcceptedEvent",
      "Microsoft.Communication.CallTransferFailed": "#/components/schemas/CallTransferFailedEvent",
    });
    for (const [name, event] of Object.entries<Json>(events["x-transfer-events"])) {
      const envelope = schemas[`${name}Event`];
      expect(envelope.properties.type.enum).toEqual([event.cloudEventType]);
      expect(wireShape(envelope.properties.data)).toEqual({ ref: name });
      expect(envelope.required).toEqual(expect.arrayContaining(["specversion", "id", "source", "type", "data"]));
    }
  });
});

function sortByName(list: Json[]): Json[] {
  return [...list].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}
