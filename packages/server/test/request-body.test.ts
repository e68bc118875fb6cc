import { describe, expect, it } from "vitest";
import { ApiError } from "../src/runtime/api-error.js";
import { checkContentType, parseJsonBody } from "../src/runtime/request-body.js";

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("checkContentType", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    'Application/JSON;charset="UTF-8"',
    "application/json;",
  ])("accepts %s", (value) => {
    expect(() => checkContentType(value, "application/json")).not.toThrow();
  });

  it.each([
    undefined,
    "",
    "text/plain",
    "application/json-patch+json",
    "application/json; charset=latin1",
    "application/json; boundary=x",
  ])("answers %s with 415", (value) => {
    const error = errorOf(() => checkContentType(value, "application/json"));
    expect([error.status, error.code, error.target]).toEqual([415, "UnsupportedMediaType", "Content-Type"]);
  });
});

describe("parseJsonBody", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it("parses UTF-8 JSON, keeping __proto__ as a plain own key", () => {
    const value = parseJsonBody(bytes('{"__proto__":{"polluted":true},"a":"é"}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value.a).toBe("é");
  });

  it("answers invalid UTF-8 with 400 InvalidEncoding", () => {
    const error = errorOf(() => parseJsonBody(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])));
    expect([error.status, error.code]).toEqual([400, "InvalidEncoding"]);
    // Invalid bytes beside a U+FFFD that was really sent are still found.
    const mixed = errorOf(() => parseJsonBody(new Uint8Array([...bytes('{"a":"\ufffd","b":"'), 0xff, ...bytes('"}')])));
    expect([mixed.status, mixed.code]).toEqual([400, "InvalidEncoding"]);
  });

  it("takes a U+FFFD that was sent as valid UTF-8", () => {
    expect(parseJsonBody(bytes('{"a":"\ufffd"}'))).toEqual({ a: "\ufffd" });
  });

  it.each(['{"a":', "", "nul", "{'a':1}", '{"a":1}x', "\ufeff{}"])(
    "answers malformed JSON %j with 400 InvalidJson",
    (text) => {
      const error = errorOf(() => parseJsonBody(bytes(text)));
      expect([error.status, error.code, error.target]).toEqual([400, "InvalidJson", "body"]);
    },
  );

  it("survives absurd nesting without throwing anything but an ApiError", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    let outcome: unknown;
    try {
      outcome = parseJsonBody(bytes(deep));
    } catch (error) {
      outcome = error;
    }
    expect(Array.isArray(outcome) || outcome instanceof ApiError).toBe(true);
  });
});
