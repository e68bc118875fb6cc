import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiError, apiError, ERRORS, ErrorCodes } from "../src/index.js";

const runtimeDir = new URL("../src/runtime/", import.meta.url);

describe("the error table", () => {
  it("raises each entry as an ApiError with the entry's status, code and headers", () => {
    const err = apiError("duplicateHeader", { header: "authorization" });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.toResponseBody()).toEqual({
      error: {
        code: "DuplicateHeader",
        message: "The authorization header was sent more than once.",
        target: "authorization",
      },
    });
    const refused = apiError("requestInProgress");
    expect(refused.status).toBe(409);
    expect(refused.headers).toEqual({ "repeatability-result": "rejected", "retry-after": "1" });
    // Each error gets headers of its own: changing one leaves the next untouched.
    refused.headers["x-changed"] = "1";
    expect(apiError("requestInProgress").headers).not.toHaveProperty("x-changed");
  });

  it("uses only codes listed in ErrorCodes, and 4xx/5xx statuses", () => {
    const codes = new Set<string>(Object.values(ErrorCodes));
    for (const [name, entry] of Object.entries(ERRORS)) {
      expect(codes.has(entry.code), name).toBe(true);
      expect(entry.status >= 400 && entry.status <= 599, name).toBe(true);
    }
  });

  it("is the README's error table: one row per entry, with its status and code", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const rows = readme.split("\n").filter((line) => /^\| `\w+` \| \d{3} \| `\w+` \|/.test(line));
    expect(rows.map((row) => row.split(" | ").slice(0, 3).join(" | "))).toEqual(
      Object.entries(ERRORS).map(([name, entry]) => `| \`${name}\` | ${entry.status} | \`${entry.code}\``),
    );
  });

  it("is the only place in the runtime that constructs an ApiError", () => {
    const constructing = readdirSync(runtimeDir)
      .filter((file) => file.endsWith(".ts"))
      .filter((file) => /new ApiError\(/.test(readFileSync(new URL(file, runtimeDir), "utf8")));
    expect(constructing).toEqual(["error-table.ts"]);
  });
});
