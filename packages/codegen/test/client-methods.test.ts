import { readFileSync } from "node:fs";
import path from "node:path";
import { clientMethodsModule, type OperationModel, readOperations } from "@transfer-call/codegen";
import { ROOT } from "@transfer-call/codegen/repo-copy";
import { describe, expect, it } from "vitest";

const doc = JSON.parse(readFileSync(path.join(ROOT, "spec/openapi/3.0.0/openapi.2026-03-12.json"), "utf8"));
const transfer = readOperations(doc)[0]!;

/** An operation unlike the transfer: a GET with a declared query and header, no body, no repeatability. */
const getParticipant: OperationModel = {
  ...transfer,
  operationId: "CallConnection_GetParticipant",
  handlerName: "getParticipant",
  typeName: "GetParticipant",
  method: "GET",
  path: "/calling/callConnections/{callConnectionId}/participants/{participantRawId}",
  summary: "Get a participant.",
  parameters: [
    { name: "api-version", in: "query", required: true, schema: {} },
    { name: "callConnectionId", in: "path", required: true, schema: {} },
    { name: "participantRawId", in: "path", required: true, schema: {} },
    { name: "expand", in: "query", required: false, schema: {} },
    { name: "x-ms-client-tag", in: "header", required: false, schema: {} },
  ],
  body: null,
  success: { status: 200, contentType: "application/json", schemaName: "CallParticipant" },
  repeatable: false,
};

describe("client methods generated from the operations", () => {
  it("emits the transfer as a function: path parameter, versioned body, repeatability, operationContext filled", () => {
    const code = clientMethodsModule(doc, [transfer]);
    expect(code).toContain(
      `const TRANSFER_TO_PARTICIPANT_OPERATION = {"method":"POST","path":"/calling/callConnections/{callConnectionId}:transferToParticipant","pathParameters":["callConnectionId"],"successStatus":202,"repeatable":true,"operationContext":true} as const;`,
    );
    expect(code).toContain(
      "export function transferToParticipant<ThrowOnError extends boolean, V extends ApiVersion>(",
    );
    expect(code).toContain("  callConnectionId: string,\n  request: TransferToParticipantRequest<V>,\n");
    expect(code).toContain(
      "export interface TransferToParticipantOptions extends CallOptions, RepeatabilityOptions {}",
    );
    expect(code).toContain("  requestId: string;");
    expect(code).not.toContain("queryString");
  });

  it("positions every path parameter, types declared query and headers, and leaves out what the spec does not declare", () => {
    const code = clientMethodsModule(doc, [transfer, getParticipant]);
    expect(code).toContain(
      "  callConnectionId: string,\n  participantRawId: string,\n  options?: GetParticipantOptions,\n",
    );
    expect(code).toContain('"method":"GET"');
    expect(code).toContain('"successStatus":200,"repeatable":false,"operationContext":false');
    expect(code).toContain("export interface GetParticipantOptions extends CallOptions {");
    expect(code).toContain(
      `query?: Omit<NonNullable<operations["CallConnection_GetParticipant"]["parameters"]["query"]>, "api-version">;`,
    );
    expect(code).toContain(
      `headers?: Record<string, string> & Omit<NonNullable<operations["CallConnection_GetParticipant"]["parameters"]["header"]>`,
    );
    expect(code).toContain("[callConnectionId, participantRawId], undefined, options, queryString(options?.query));");
    const context = code.slice(code.indexOf("export interface GetParticipantContext"));
    expect(context.slice(0, context.indexOf("}"))).not.toContain("requestId");
    expect(code).not.toContain("GetParticipantRequest");
  });

  it("refuses two operations that would become the same function", () => {
    expect(() =>
      clientMethodsModule(doc, [transfer, { ...transfer, operationId: "CallMedia_TransferToParticipant" }]),
    ).toThrow(
      "client methods: CallConnection_TransferToParticipant and CallMedia_TransferToParticipant both become transferToParticipant(); rename one operationId's action",
    );
  });
});
