import { describe, expect, it } from "vitest";
// The cases were written against 2024-09-15; each api-version has its own validators module.
import * as validators from "../src/generated/validators.2024-09-15.gen.js";
import type { ApiError } from "../src/runtime/api-error.js";
import { issueTarget, validateInput } from "../src/runtime/validation.js";

const body = validators.CallConnection_TransferToParticipant__body;
const headers = validators.CallConnection_TransferToParticipant__headers;
const HEADER_NAMES = new Map([
  ["repeatability-request-id", "Repeatability-Request-ID"],
  ["repeatability-first-sent", "Repeatability-First-Sent"],
]);

function failure(validator: typeof body, data: unknown, location: "body" | "headers" = "body"): ApiError {
  try {
    validateInput(validator, data, location, location === "headers" ? HEADER_NAMES : undefined);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected a validation failure");
}

describe("generated validators (Ajv standalone, compiled at generation time)", () => {
  it("accept what the official SDK sends: rawId everywhere, isAnonymous on phone numbers, empty custom context", () => {
    expect(
      body({
        targetParticipant: {
          kind: "phoneNumber",
          rawId: "4:+14255550123",
          phoneNumber: { value: "+14255550123", isAnonymous: false },
        },
        customCallingContext: { voipHeaders: {}, sipHeaders: {} },
        operationContext: "3f1c3b0e-8c4b-4c6f-9a53-2c4f3b1c9d10",
      }),
    ).toBe(true);
  });

  it("report every failure, each with the field's path, the first as target", () => {
    const error = failure(body, {
      targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "12" }, communicationUser: { id: "x" } },
      operationCallbackUri: "not a uri",
      extra: 1,
    });
    expect(error.status).toBe(400);
    const targets = error.details!.map((d) => d.target);
    expect(targets).toEqual(
      expect.arrayContaining([
        "extra",
        "targetParticipant",
        "targetParticipant.phoneNumber.value",
        "operationCallbackUri",
      ]),
    );
    expect(error.target).toBe(targets[0]);
    expect(error.details!.find((d) => d.target === "targetParticipant")!.message).toContain("at most one of");
  });

  it("enforce the identifier's `not` clause: a nested model must match kind", () => {
    const error = failure(body, {
      targetParticipant: { kind: "communicationUser", phoneNumber: { value: "+14255550123" } },
    });
    expect(error.details![0]!.message).toContain('phoneNumber requires kind "phoneNumber"');
  });

  it("name a missing property itself, not its parent", () => {
    expect(failure(body, { targetParticipant: { microsoftTeamsUser: {} } }).target).toBe(
      "targetParticipant.microsoftTeamsUser.userId",
    );
    expect(failure(body, {}).target).toBe("targetParticipant");
  });

  it("report a wrong type in an extensible enum once, as a type error", () => {
    const error = failure(body, { targetParticipant: { kind: 5 } });
    expect(error.details).toEqual([
      { code: "InvalidValue", message: "targetParticipant.kind must be string.", target: "targetParticipant.kind" },
    ]);
  });

  it("check the header formats (uuid, IMF-fixdate) and name headers as the spec does", () => {
    const error = failure(
      headers,
      {
        "repeatability-request-id": "urn:uuid:0f5e2c1a-6b7d-4e8f-9a0b-1c2d3e4f5a6b",
        "repeatability-first-sent": "Mon, 06 Nov 1994 08:49:37 GMT",
      },
      "headers",
    );
    expect(error.details!.map((d) => d.target)).toEqual(["Repeatability-Request-ID", "Repeatability-First-Sent"]);
    expect(
      headers({
        "repeatability-request-id": "0f5e2c1a-6b7d-4e8f-9a0b-1c2d3e4f5a6b",
        "repeatability-first-sent": "Sun, 06 Nov 1994 08:49:37 GMT",
      }),
    ).toBe(true);
  });

  it("write paths people read: indices in brackets, odd keys quoted", () => {
    expect(issueTarget({ instancePath: "/a/0/b~1c", schemaPath: "", keyword: "type", params: {} }, "body")).toBe(
      'a[0]["b/c"]',
    );
  });
});
