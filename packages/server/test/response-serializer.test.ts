import { describe, expect, it } from "vitest";
import { responseSchemas } from "../src/generated/routes.gen.js";
import type { ApiError } from "../src/runtime/api-error.js";
import { checkApiVersion } from "../src/runtime/api-version.js";
import { ResponseShapeError, serializeWithSchema } from "../src/runtime/response-serializer.js";

describe("serializeWithSchema (driven by the generated response shapes)", () => {
  it("writes only declared properties, in schema order", () => {
    expect(serializeWithSchema(responseSchemas, "TransferCallResponse", { extra: 1, operationContext: "c" })).toBe(
      '{"operationContext":"c"}',
    );
  });

  it("follows references through recursive error details, checking each level", () => {
    const body = { error: { message: "m", code: "c", details: [{ code: "d", message: "n", target: "t" }] } };
    expect(JSON.parse(serializeWithSchema(responseSchemas, "CommunicationErrorResponse", body))).toEqual(body);
    const bad = { error: { message: "m", code: "c", details: [{ code: 1, message: "n" }] } };
    expect(() => serializeWithSchema(responseSchemas, "CommunicationErrorResponse", bad)).toThrow(
      /error\.details\[0\]\.code/,
    );
  });

  it("keeps extra properties where the schema is open (CommunicationError declares no additionalProperties)", () => {
    const body = { error: { code: "c", message: "m", extra: { a: 1 } } };
    expect(JSON.parse(serializeWithSchema(responseSchemas, "CommunicationErrorResponse", body))).toEqual(body);
  });

  it("escapes strings as JSON does", () => {
    const text = serializeWithSchema(responseSchemas, "TransferCallResponse", {
      operationContext: '"\n\u2028</script>',
    });
    expect(JSON.parse(text)).toEqual({ operationContext: '"\n\u2028</script>' });
  });

  it.each([
    ["a wrong type", { operationContext: 1 }],
    ["not an object", "x"],
    ["an array", []],
  ])("refuses %s with a ResponseShapeError", (_what, value) => {
    expect(() => serializeWithSchema(responseSchemas, "TransferCallResponse", value)).toThrow(ResponseShapeError);
  });

  it("refuses a missing required property", () => {
    expect(() => serializeWithSchema(responseSchemas, "CommunicationErrorResponse", { error: { code: "c" } })).toThrow(
      /error\.message/,
    );
  });
});

describe("checkApiVersion", () => {
  it("accepts a supported version and lists the supported ones otherwise", () => {
    expect(checkApiVersion("2024-09-15", ["2023-03-06", "2024-09-15"])).toBe("2024-09-15");
    // An operation without api-versions takes any (or none), and its validators sit under "".
    expect(checkApiVersion("2024-09-15", [])).toBe("");
    expect(checkApiVersion(undefined, [])).toBe("");
    for (const value of [undefined, "2023-01-01"]) {
      try {
        checkApiVersion(value, ["2024-09-15", "2025-01-01"]);
        expect.unreachable();
      } catch (error) {
        expect((error as ApiError).status).toBe(400);
        expect((error as ApiError).message).toContain("2024-09-15, 2025-01-01");
      }
    }
  });
});
