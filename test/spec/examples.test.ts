import { describe, expect, it } from "vitest";
import { type Json, openapi30, openapi31, transferOperation, upstreamExample } from "../support/documents.js";
import { schemaValidator } from "../support/schema-validator.js";

/** Every example the document carries, with the schema it must satisfy. */
function examplesOf(doc: Json): { where: string; schema: Json; value: unknown }[] {
  const op = transferOperation(doc);
  const found: { where: string; schema: Json; value: unknown }[] = [];
  for (const p of op.parameters) {
    for (const [name, ex] of Object.entries<Json>(p.examples ?? {})) {
      found.push({ where: `parameter ${p.name} / ${name}`, schema: p.schema, value: ex.value });
    }
  }
  const body = op.requestBody.content["application/json"];
  for (const [name, ex] of Object.entries<Json>(body.examples ?? {})) {
    found.push({ where: `request body / ${name}`, schema: body.schema, value: ex.value });
  }
  for (const [status, response] of Object.entries<Json>(op.responses)) {
    const media = response.content?.["application/json"];
    for (const [name, ex] of Object.entries<Json>(media?.examples ?? {})) {
      found.push({ where: `response ${status} / ${name}`, schema: media.schema, value: ex.value });
    }
  }
  return found;
}

describe.each([
  ["3.0", openapi30()],
  ["3.1", openapi31()],
])("OpenAPI %s examples", (_version, doc) => {
  const validate = schemaValidator(doc);
  const examples = examplesOf(doc);

  it("carries the upstream example and one for each other identifier kind", () => {
    const bodies = examples.filter((e) => e.where.startsWith("request body")).map((e) => e.value as Json);
    const kinds = bodies.map((b) => b.targetParticipant.kind).sort();
    expect(kinds).toEqual(["communicationUser", "microsoftTeamsApp", "microsoftTeamsUser", "phoneNumber"]);
    const phone = bodies.find((b) => b.targetParticipant.kind === "phoneNumber")!;
    expect(phone.customCallingContext).toBeDefined();
    expect(phone.sourceCallerIdNumber).toBeDefined();
  });

  it.each(examples.map((e) => [e.where, e] as const))("%s validates against its schema", (_where, example) => {
    expect(validate(example.schema, example.value)).toEqual([]);
  });

  it("accepts the upstream example request and response", () => {
    const op = transferOperation(doc);
    const upstream = upstreamExample();
    expect(
      validate(op.requestBody.content["application/json"].schema, upstream.parameters.transferToParticipantRequest),
    ).toEqual([]);
    expect(validate(op.responses["202"].content["application/json"].schema, upstream.responses["202"].body)).toEqual(
      [],
    );
    const apiVersion = op.parameters.find((p: Json) => p.name === "api-version");
    expect(validate(apiVersion.schema, upstream.parameters["api-version"])).toEqual([]);
  });

  it("accepts what the official SDK adds (rawId everywhere, isAnonymous on phone numbers, empty custom context)", () => {
    const schema = transferOperation(doc).requestBody.content["application/json"].schema;
    const sdkBody = {
      targetParticipant: {
        kind: "phoneNumber",
        rawId: "4:+14255550123",
        phoneNumber: { value: "+14255550123", isAnonymous: false },
      },
      transferee: { kind: "communicationUser", rawId: "8:acs:abc", communicationUser: { id: "8:acs:abc" } },
      customCallingContext: { voipHeaders: {}, sipHeaders: {} },
      operationContext: "7c1f6f2e-2c1d-4e0b-9a55-0e3f2b1a9c8d",
    };
    expect(validate(schema, sdkBody)).toEqual([]);
  });

  it.each([
    [
      "two nested identifiers",
      { kind: "phoneNumber", phoneNumber: { value: "+14255550123" }, communicationUser: { id: "8:acs:x" } },
    ],
    [
      "a nested identifier that contradicts kind",
      { kind: "communicationUser", phoneNumber: { value: "+14255550123" } },
    ],
    ["a phone number that is not E.164", { kind: "phoneNumber", phoneNumber: { value: "425-555-0123" } }],
  ])("rejects %s, where upstream is only prose", (_what, targetParticipant) => {
    const schema = transferOperation(doc).requestBody.content["application/json"].schema;
    expect(validate(schema, { targetParticipant })).not.toEqual([]);
  });
});
