import { readFileSync } from "node:fs";
import path from "node:path";
import { FORMATS, fastifySchemas, NOT_SUMMARY, readOperations, specSchema } from "@transfer-call/codegen";
import { ROOT } from "@transfer-call/codegen/repo-copy";
import { createSchemaValidator, schemaErrors, specAjvPlugin } from "@transfer-call/codegen/validation";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const read = (rel: string) => JSON.parse(readFileSync(path.join(ROOT, rel), "utf8"));
// The cases send api-version 2024-09-15, so they read that version's documents.
const doc30 = read("spec/openapi/3.0.0/openapi.2024-09-15.json");
const doc31 = read("spec/openapi/3.1.0/openapi.2024-09-15.json");
const operationId = readOperations(doc30)[0]!.operationId;
const phoneTransfer = {
  targetParticipant: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
  operationCallbackUri: "https://app.contoso.com/callback/transfers",
  operationContext: "pstn-transfer-1",
};

describe("the spec's formats", () => {
  it("the table knows every format the documents use", () => {
    const used = new Set([...JSON.stringify([doc30, doc31]).matchAll(/"format":"([^"]+)"/g)].map((m) => m[1]));
    expect([...used].filter((f) => !(f! in FORMATS))).toEqual([]);
  });
});

describe.each([
  ["3.0", doc30],
  ["3.1", doc31],
])("createSchemaValidator (OpenAPI %s)", (_version, doc) => {
  const validate = createSchemaValidator(doc);

  it("checks a named schema and reports each error at its path", () => {
    expect(schemaErrors(validate, "TransferToParticipantRequest", phoneTransfer)).toEqual([]);
    const errors = schemaErrors(validate, "TransferToParticipantRequest", {
      ...phoneTransfer,
      targetParticipant: { ...phoneTransfer.targetParticipant, communicationUser: { id: "8:acs:x" } },
    });
    expect(errors.some((e) => e.startsWith("/targetParticipant "))).toBe(true);
  });

  it("uses the server's own format checks: a canonical UUID only, an IMF-fixdate only", () => {
    const uuid = { $ref: "#/components/schemas/uuid" };
    expect(validate(uuid, "0f5e2c1a-6b7d-4e8f-9a0b-1c2d3e4f5a6b")).toEqual([]);
    expect(validate(uuid, "urn:uuid:0f5e2c1a-6b7d-4e8f-9a0b-1c2d3e4f5a6b")).not.toEqual([]);
    const httpDate = { type: "string", format: "http-date" };
    expect(validate(httpDate, "Sun, 06 Nov 1994 08:49:37 GMT")).toEqual([]);
    expect(validate(httpDate, "Sunday, 06-Nov-94 08:49:37 GMT")).not.toEqual([]);
  });
});

describe("specSchema", () => {
  it("holds every named schema under definitions, references pointing into it, `not` clauses explained", () => {
    const spec = specSchema(doc30);
    expect(spec.$id).toBe("spec");
    expect(Object.keys(spec.definitions)).toEqual(Object.keys(doc30.components.schemas));
    expect(JSON.stringify(spec)).not.toContain("#/components/schemas/");
    expect(spec.definitions.CommunicationIdentifierModel[NOT_SUMMARY]).toMatch(/^at most one of communicationUser/);
  });
});

describe("fastifySchemas with specAjvPlugin, on a Fastify route", () => {
  const app = Fastify({ ajv: { plugins: [specAjvPlugin] } });
  let base: string;
  beforeAll(async () => {
    const schemas = fastifySchemas(doc30, operationId);
    expect(schemas.body).toHaveProperty("definitions.CommunicationIdentifierModel");
    app.post(
      "/calling/callConnections/:callConnectionId(^.+)::transferToParticipant",
      { schema: schemas },
      async (_req, reply) => reply.code(202).send({}),
    );
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => app.close());

  const post = (body: unknown, query = "?api-version=2024-09-15", headers: Record<string, string> = {}) =>
    fetch(`${base}/calling/callConnections/c1:transferToParticipant${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("accepts a request the spec allows", async () => {
    const res = await post(phoneTransfer);
    expect(await res.text()).toBe("{}");
    expect(res.status).toBe(202);
  });

  it("refuses what the spec forbids: two identifiers, an unknown api-version, a malformed header", async () => {
    const two = {
      ...phoneTransfer,
      targetParticipant: { ...phoneTransfer.targetParticipant, communicationUser: { id: "x" } },
    };
    expect((await post(two)).status).toBe(400);
    expect((await post(phoneTransfer, "?api-version=2020-01-01")).status).toBe(400);
    expect((await post(phoneTransfer, undefined, { "repeatability-first-sent": "yesterday" })).status).toBe(400);
  });
});
