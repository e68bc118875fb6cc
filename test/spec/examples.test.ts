import { describe, expect, it } from "vitest";
import { type Json, transferOperation } from "../support/documents.js";
import { schemaValidator } from "../support/schema-validator.js";
import {
  type ApiVersion,
  OPENAPI_VERSIONS,
  UPSTREAM_VERSIONS,
  upstreamVersion,
  versionedDocuments,
} from "../support/versioned-documents.js";
import { ANONYMOUS_SINCE } from "./deliberate-differences.js";

const documents = await versionedDocuments();

/**
 * Where an upstream example does not match its own version's definition. 2023-10-15's example
 * sends `overrideCallbackUri`, a property that version does not define (it defines
 * `operationCallbackUri`; the 2024-04-15 example fixes it): the sealed request rejects it, and that
 * must be the only error. The spec's own copy of the example sends `operationCallbackUri`.
 */
const UPSTREAM_EXAMPLE_DEFECTS: Partial<Record<ApiVersion, { errors: string[]; fixed: (body: Json) => Json }>> = {
  "2023-10-15": {
    errors: ["/overrideCallbackUri must NOT be valid"],
    fixed: ({ overrideCallbackUri, ...body }) => ({ ...body, operationCallbackUri: overrideCallbackUri }),
  },
};

/**
 * Request properties no example of a version uses. An example can only use the newest name of a
 * renamed property (TypeSpec issue #10572), and 2023-03-06 called `customCallingContext`
 * `customContext`.
 */
const UNEXAMPLED: Partial<Record<ApiVersion, string[]>> = { "2023-03-06": ["customContext"] };

/** Every example the document carries, with the schema it must satisfy. */
function examplesOf(doc: Json): { where: string; name: string; schema: Json; value: unknown }[] {
  const op = transferOperation(doc);
  const found: { where: string; name: string; schema: Json; value: unknown }[] = [];
  for (const p of op.parameters) {
    for (const [name, ex] of Object.entries<Json>(p.examples ?? {})) {
      found.push({ where: `parameter ${p.name} / ${name}`, name, schema: p.schema, value: ex.value });
    }
  }
  const body = op.requestBody.content["application/json"];
  for (const [name, ex] of Object.entries<Json>(body.examples ?? {})) {
    found.push({ where: `request body / ${name}`, name, schema: body.schema, value: ex.value });
  }
  for (const [status, response] of Object.entries<Json>(op.responses)) {
    const media = response.content?.["application/json"];
    for (const [name, ex] of Object.entries<Json>(media?.examples ?? {})) {
      found.push({ where: `response ${status} / ${name}`, name, schema: media.schema, value: ex.value });
    }
  }
  return found;
}

describe.each(UPSTREAM_VERSIONS.flatMap((v) => OPENAPI_VERSIONS.map((o) => [v, o] as const)))(
  "api-version %s, OpenAPI %s: examples",
  (apiVersion, openapi) => {
    const doc = documents.get(apiVersion)![openapi];
    const validate = schemaValidator(doc);
    const examples = examplesOf(doc);
    const requestSchema = transferOperation(doc).requestBody.content["application/json"].schema;
    const bodies = examples.filter((e) => e.where.startsWith("request body")).map((e) => e.value as Json);
    const upstream = upstreamVersion(apiVersion).example;

    it("carries the upstream example and one for each identifier kind the version defines", () => {
      const kinds = [...new Set(bodies.map((b) => b.targetParticipant.kind))].sort();
      const defined = doc.components.schemas.CommunicationIdentifierModelKind.anyOf.find((s: Json) => s.enum).enum;
      expect(kinds).toEqual(defined.filter((k: string) => k !== "unknown").sort());
      const own = examples.find((e) => e.where === "request body / CallConnection_TransferToParticipant")!;
      const defect = UPSTREAM_EXAMPLE_DEFECTS[apiVersion];
      const upstreamBody = upstream.parameters.transferToParticipantRequest;
      expect(own.value).toEqual(defect ? defect.fixed(upstreamBody) : upstreamBody);
    });

    it("uses, across its examples, every request property the version defines", () => {
      const used = new Set(bodies.flatMap((b) => Object.keys(b)));
      const defined = Object.keys(doc.components.schemas.TransferToParticipantRequest.properties);
      expect(defined.filter((p) => !used.has(p))).toEqual(UNEXAMPLED[apiVersion] ?? []);
    });

    it("names this document's version as the api-version of every example", () => {
      const versions = examples.filter((e) => e.where.startsWith("parameter api-version")).map((e) => e.value);
      expect(versions).toHaveLength(bodies.length);
      expect(new Set(versions)).toEqual(new Set([apiVersion]));
    });

    if (apiVersion === "2024-09-15") {
      it("sends a custom calling context and a caller id in the PSTN example", () => {
        const phone = bodies.find((b) => b.targetParticipant.kind === "phoneNumber")!;
        expect(phone.customCallingContext).toBeDefined();
        expect(phone.sourceCallerIdNumber).toBeDefined();
      });
    }

    it.each(examples.map((e) => [e.where, e] as const))("%s validates against its schema", (_where, example) => {
      expect(validate(example.schema, example.value)).toEqual([]);
    });

    it("accepts its own version's upstream example request and response (but for a known upstream defect)", () => {
      const op = transferOperation(doc);
      expect(validate(requestSchema, upstream.parameters.transferToParticipantRequest)).toEqual(
        UPSTREAM_EXAMPLE_DEFECTS[apiVersion]?.errors ?? [],
      );
      expect(validate(op.responses["202"].content["application/json"].schema, upstream.responses["202"].body)).toEqual(
        [],
      );
      const apiVersionParameter = op.parameters.find((p: Json) => p.name === "api-version");
      expect(upstream.parameters["api-version"]).toBe(apiVersion);
      expect(validate(apiVersionParameter.schema, upstream.parameters["api-version"])).toEqual([]);
      const other = UPSTREAM_VERSIONS.find((v) => v !== apiVersion)!;
      expect(validate(apiVersionParameter.schema, other)).not.toEqual([]);
    });

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
    if (apiVersion === "2023-03-06") {
      it("rejects, of what the official SDK sends, only the two fields 2023-03-06 does not define", () => {
        expect(validate(requestSchema, sdkBody)).toEqual([
          "/transferee must NOT be valid",
          "/customCallingContext must NOT be valid",
        ]);
      });
    } else {
      it("accepts what the official SDK adds (rawId everywhere, isAnonymous on phone numbers, empty custom context)", () => {
        expect(validate(requestSchema, sdkBody)).toEqual([]);
      });
    }

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
      expect(validate(requestSchema, { targetParticipant })).not.toEqual([]);
    });

    const anonymous = { kind: "phoneNumber", phoneNumber: { value: "anonymous", isAnonymous: true } };
    if (apiVersion >= ANONYMOUS_SINCE) {
      it("accepts a withheld phone number, whose value is `anonymous`", () => {
        expect(validate(requestSchema, { targetParticipant: anonymous })).toEqual([]);
      });
    } else {
      it("takes only E.164 as a phone number's value, as `anonymous` came in 2025-05-15", () => {
        expect(validate(requestSchema, { targetParticipant: anonymous })).not.toEqual([]);
      });
    }

    it("rejects every pair of nested identifiers the version defines, and each one under a contradicting kind", () => {
      const nested: Record<string, Json> = {
        communicationUser: { id: "8:acs:x" },
        phoneNumber: { value: "+14255550123" },
        microsoftTeamsUser: { userId: "u" },
        microsoftTeamsApp: { appId: "a" },
        teamsExtensionUser: { userId: "u", tenantId: "t", resourceId: "r" },
      };
      const identifier = doc.components.schemas.CommunicationIdentifierModel.properties;
      const defined = Object.keys(nested).filter((name) => name in identifier);
      expect(defined.length).toBeGreaterThanOrEqual(3);
      for (const [i, a] of defined.entries()) {
        expect(validate(requestSchema, { targetParticipant: { kind: a, [a]: nested[a] } }), a).toEqual([]);
        for (const b of defined.slice(i + 1)) {
          const both = { [a]: nested[a], [b]: nested[b] };
          expect(validate(requestSchema, { targetParticipant: both }), `${a} + ${b}`).not.toEqual([]);
        }
        const other = defined.find((k) => k !== a)!;
        expect(validate(requestSchema, { targetParticipant: { kind: other, [a]: nested[a] } })).not.toEqual([]);
      }
    });
  },
);
