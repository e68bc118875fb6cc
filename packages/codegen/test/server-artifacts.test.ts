import { readFileSync } from "node:fs";
import path from "node:path";
import {
  GENERATED_BANNER,
  readOperations,
  responseShapes,
  summarizeNot,
  validatorsDeclarations,
  validatorsModule,
} from "@transfer-call/codegen";
import { ROOT } from "@transfer-call/codegen/repo-copy";
import { describe, expect, it } from "vitest";
import { operationRoutes, responseSchemas } from "../../server/src/generated/routes.gen.js";

const API_VERSIONS = ["2023-03-06", "2023-10-15", "2024-04-15", "2024-09-15", "2025-05-15", "2025-06-15", "2026-03-12"];
const read = (apiVersion: string) =>
  JSON.parse(readFileSync(path.join(ROOT, `spec/openapi/3.0.0/openapi.${apiVersion}.json`), "utf8"));
const doc = read("2026-03-12");
const generated = (name: string) => readFileSync(path.join(ROOT, "packages/server/src/generated", name), "utf8");

describe("server artifacts generated from the OpenAPI document", () => {
  it("reads the operation with its literal colon, parameters by location, 202 and api versions from the spec enum", () => {
    const [op] = readOperations(doc);
    expect(op).toMatchObject({
      operationId: "CallConnection_TransferToParticipant",
      handlerName: "transferToParticipant",
      method: "POST",
      path: "/calling/callConnections/{callConnectionId}:transferToParticipant",
      success: { status: 202, contentType: "application/json", schemaName: "TransferCallResponse" },
      error: { schemaName: "CommunicationErrorResponse" },
      apiVersions: doc.components.schemas.ApiVersion.enum,
      repeatable: true,
      secured: true,
    });
    expect(op!.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "query:api-version",
      "path:callConnectionId",
      "header:Repeatability-Request-ID",
      "header:Repeatability-First-Sent",
    ]);
  });

  it("the committed route table says the same", () => {
    expect(operationRoutes).toHaveLength(1);
    expect(operationRoutes[0]!.apiVersions).toEqual(API_VERSIONS);
    expect(Object.keys(operationRoutes[0]!.validators)).toEqual(API_VERSIONS);
    expect(responseSchemas.TransferCallResponse).toEqual({
      type: "object",
      properties: { operationContext: { type: "string" } },
      required: [],
      additional: false,
    });
    expect(responseShapes(doc, ["CommunicationErrorResponse"]).CommunicationError).toMatchObject({
      properties: { details: { type: "array", items: { ref: "CommunicationError" } } },
    });
  });

  it("bundles validators whose only import is the package's own format checks, matching the committed file", async () => {
    const code = await validatorsModule(doc, readOperations(doc));
    expect(generated("validators.2026-03-12.gen.js")).toContain(code);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code.match(/^import .*$/gm)).toEqual([
      'import { isCanonicalUuid, isCommonUri, isImfFixdate } from "../runtime/string-formats.js";',
    ]);
    // Each api-version's module is compiled from that version's document.
    const older = read("2024-09-15");
    expect(generated("validators.2024-09-15.gen.js")).toContain(await validatorsModule(older, readOperations(older)));
    for (const apiVersion of API_VERSIONS)
      expect(generated(`validators.${apiVersion}.gen.d.ts`)).toBe(
        GENERATED_BANNER + validatorsDeclarations(readOperations(doc)),
      );
  });

  it("is deterministic", async () => {
    const ops = readOperations(doc);
    expect(await validatorsModule(doc, ops)).toBe(await validatorsModule(doc, ops));
  });

  it("explains the identifier's `not` clause in words", () => {
    expect(summarizeNot(doc.components.schemas.CommunicationIdentifierModel.not)).toBe(
      "at most one of communicationUser, phoneNumber, microsoftTeamsUser, microsoftTeamsApp, teamsExtensionUser may be set; " +
        'communicationUser requires kind "communicationUser"; phoneNumber requires kind "phoneNumber"; ' +
        'microsoftTeamsUser requires kind "microsoftTeamsUser"; microsoftTeamsApp requires kind "microsoftTeamsApp"; ' +
        'teamsExtensionUser requires kind "teamsExtensionUser"',
    );
  });

  it("marks every generated file and keeps hand-written code out of src/generated", () => {
    for (const name of [
      "routes.gen.ts",
      "handlers.gen.ts",
      "openapi.gen.ts",
      ...API_VERSIONS.flatMap((v) => [`openapi.${v}.gen.ts`, `validators.${v}.gen.js`, `validators.${v}.gen.d.ts`]),
    ]) {
      expect(generated(name).startsWith(GENERATED_BANNER)).toBe(true);
    }
  });
});
