import { describe, expect, it } from "vitest";
import { type Json, TRANSFER_PATH, transferOperation } from "../support/documents.js";
import {
  type ApiVersion,
  OPENAPI_VERSIONS,
  UPSTREAM_VERSIONS,
  upstreamVersion,
  versionedDocuments,
} from "../support/versioned-documents.js";
import { openApiWireDocument, swaggerWireDocument, wireShape } from "../support/wire-shape.js";
import {
  DIFFERENCES,
  DIFFERENCES_BY_VERSION,
  differencesThatApply,
  expectedWireDocument,
  SEALED_BY_RULE,
  SIP_DETAILS_SINCE,
} from "./deliberate-differences.js";

const documents = await versionedDocuments();

/**
 * Schemas only this definition has: the callback's CloudEvent envelopes and their union, and the
 * versions. (Named scalars such as `uuid` are compared where they are used.)
 */
const OURS_ONLY = ["ApiVersion", "CallTransferAcceptedEvent", "CallTransferFailedEvent", "TransferEvent", "Versions"];

describe("one document per stable api-version", () => {
  it("emits exactly upstream's stable versions, in OpenAPI 3.0 and 3.1, each titled with its api-version", () => {
    expect([...documents.keys()]).toEqual([...UPSTREAM_VERSIONS]);
    for (const [apiVersion, docs] of documents) {
      expect(docs["3.0.0"].openapi).toBe("3.0.0");
      expect(docs["3.1.0"].openapi).toBe("3.1.0");
      for (const doc of Object.values(docs)) expect(doc.info.version).toBe(apiVersion);
    }
  });

  it("lists, per version, exactly the deliberate differences that change upstream's definition", () => {
    const applied = Object.fromEntries(
      UPSTREAM_VERSIONS.map((v) => [v, differencesThatApply(upstreamWire(v), v).sort()]),
    );
    const listed = Object.fromEntries(UPSTREAM_VERSIONS.map((v) => [v, [...DIFFERENCES_BY_VERSION[v]].sort()]));
    expect(applied).toEqual(listed);
    const used = new Set(Object.values(DIFFERENCES_BY_VERSION).flat());
    expect(DIFFERENCES.map((d) => d.name).filter((name) => !used.has(name))).toEqual([]);
  });
});

describe.each(UPSTREAM_VERSIONS.flatMap((v) => OPENAPI_VERSIONS.map((o) => [v, o] as const)))(
  "api-version %s, OpenAPI %s, is wire-equivalent to upstream",
  (apiVersion, openapi) => {
    const doc = documents.get(apiVersion)![openapi];
    const upstream = upstreamVersion(apiVersion);
    const ours = openApiWireDocument(doc, TRANSFER_PATH);
    const expected = expectedWireDocument(upstreamWire(apiVersion), apiVersion);

    it("defines the models upstream defines for the operation and its events, and no others", () => {
      expect(Object.keys(ours.schemas).sort()).toEqual([...Object.keys(expected.schemas), ...OURS_ONLY].sort());
    });

    it.each(Object.keys(expected.schemas).sort())(
      "%s has upstream's names, types, formats, required and enums",
      (name) => {
        expect(ours.schemas[name]).toEqual(expected.schemas[name]);
      },
    );

    it("keeps the path, verb and operationId", () => {
      const [path] = Object.keys(upstream.swagger.paths);
      expect(path).toBe(TRANSFER_PATH);
      expect(Object.keys(doc.paths)).toEqual([TRANSFER_PATH]);
      expect(transferOperation(doc).operationId).toBe(upstream.swagger.paths[TRANSFER_PATH].post.operationId);
    });

    it("takes the same parameters, with api-version closed to this document's version", () => {
      expect(ours.parameters).toEqual(expected.parameters);
      expect(ours.parameters.find((p) => p.name === "api-version")).toMatchObject({ enum: [apiVersion] });
    });

    it("takes the same required JSON body and answers 202 / default with upstream's schemas", () => {
      expect(ours.body).toEqual(expected.body);
      expect(ours.responses).toEqual(expected.responses);
    });

    it("is secured by the Authorization header", () => {
      expect(ours.security).toEqual(expected.security);
      expect(ours.security).toEqual([{ type: "apiKey", in: "header", name: "Authorization" }]);
      expect(doc.security).toEqual([{ [Object.keys(doc.components.securitySchemes)[0]!]: [] }]);
    });

    it("seals the request, response, custom context and event payloads and nothing else but Teams Phone details", () => {
      const sealed = Object.keys(ours.schemas).filter((name) => ours.schemas[name]!.additionalProperties === false);
      const teamsPhone = Object.keys(ours.schemas).filter((name) => name.startsWith("TeamsPhone"));
      expect(sealed.sort()).toEqual([...SEALED_BY_RULE.filter((name) => name in ours.schemas), ...teamsPhone].sort());
    });

    it(`reports SIP and Q.850 details in ResultInformation exactly from ${SIP_DETAILS_SINCE} on`, () => {
      const properties = Object.keys(ours.schemas.ResultInformation!.properties!);
      const since = apiVersion >= SIP_DETAILS_SINCE;
      expect(properties.includes("sipDetails")).toBe(since);
      expect(properties.includes("q850Details")).toBe(since);
      expect("SipDiagnosticInfo" in ours.schemas).toBe(since);
    });

    it("describes the callback that follows a 202 with the CloudEvent envelopes of both events", () => {
      const schemas = doc.components.schemas as Json;
      const callbacks = transferOperation(doc).callbacks;
      const post = callbacks.transferEvents["{$request.body#/operationCallbackUri}"].post;
      const items = post.requestBody.content["application/json"].schema.items;
      expect(items.$ref).toBe("#/components/schemas/TransferEvent");
      expect(schemas.TransferEvent.discriminator.mapping).toEqual({
        "Microsoft.Communication.CallTransferAccepted": "#/components/schemas/CallTransferAcceptedEvent",
        "Microsoft.Communication.CallTransferFailed": "#/components/schemas/CallTransferFailedEvent",
      });
      for (const [name, event] of Object.entries<Json>(upstream.events["x-transfer-events"])) {
        const envelope = schemas[`${name}Event`];
        expect(envelope.properties.type.enum).toEqual([event.cloudEventType]);
        expect(wireShape(envelope.properties.data)).toEqual({ ref: name });
        expect(envelope.required).toEqual(expect.arrayContaining(["specversion", "id", "source", "type", "data"]));
      }
    });
  },
);

function upstreamWire(apiVersion: ApiVersion) {
  const { swagger, events } = upstreamVersion(apiVersion);
  return swaggerWireDocument(swagger, events, TRANSFER_PATH);
}
