import { describe, expect, it } from "vitest";
import { ApiError } from "../src/runtime/api-error.js";
import type { ParameterSpec } from "../src/runtime/operation-route.js";
import { readQuery } from "../src/runtime/query-parameters.js";

const spec = (name: string): ParameterSpec => ({ name, required: false });

describe("readQuery", () => {
  const declared = [spec("api-version"), spec("filter")];

  it("reads declared parameters, decoded, and ignores the rest", () => {
    expect(readQuery("/a?api-version=2024-09-15&x=1&filter=a%20b+c", declared)).toEqual({
      "api-version": "2024-09-15",
      filter: "a b c",
    });
    expect(readQuery("/a", declared)).toEqual({});
    expect(readQuery("/a?__proto__=x", declared)).toEqual({});
  });

  it("answers a repeated query with a fresh copy each time", () => {
    const first = readQuery("/calls/1?api-version=2024-09-15", declared);
    first["api-version"] = "changed by a handler";
    const second = readQuery("/calls/2?api-version=2024-09-15", declared);
    expect(second).toEqual({ "api-version": "2024-09-15" });
    expect(second).not.toBe(first);
    second.filter = "added";
    expect(readQuery("/calls/3?api-version=2024-09-15", declared)).toEqual({ "api-version": "2024-09-15" });
  });

  it("reads a query anew when it or the declared parameters differ, even at the same length", () => {
    expect(readQuery("/a?api-version=2024-09-15", declared)).toEqual({ "api-version": "2024-09-15" });
    expect(readQuery("/a?api-version=2024-09-16", declared)).toEqual({ "api-version": "2024-09-16" });
    expect(readQuery("/a?api-version=2024-09-16", [spec("filter")])).toEqual({});
    expect(readQuery("/longer/path?api-version=2024-09-16", declared)).toEqual({ "api-version": "2024-09-16" });
  });

  it("refuses a declared parameter given twice, every time", () => {
    for (let i = 0; i < 2; i++) {
      expect(() => readQuery("/a?api-version=1&api-version=2", declared)).toThrow(ApiError);
    }
  });
});
