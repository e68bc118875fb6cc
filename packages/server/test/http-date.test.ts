import { describe, expect, it } from "vitest";
import { formatImfFixdate, isImfFixdate, parseImfFixdate } from "../src/runtime/http-date.js";

describe("IMF-fixdate", () => {
  it("parses the RFC 9110 example", () => {
    expect(parseImfFixdate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it("round-trips what Date#toUTCString writes", () => {
    const t = Date.UTC(2024, 8, 15, 8, 49, 37);
    expect(parseImfFixdate(formatImfFixdate(t))).toBe(t);
  });

  it.each([
    ["a wrong day name", "Mon, 06 Nov 1994 08:49:37 GMT"],
    ["31 February", "Sat, 31 Feb 2024 08:49:37 GMT"],
    ["hour 24", "Sun, 06 Nov 1994 24:00:00 GMT"],
    ["a non-GMT zone", "Sun, 06 Nov 1994 08:49:37 UTC"],
    ["RFC 850 form", "Sunday, 06-Nov-94 08:49:37 GMT"],
    ["asctime form", "Sun Nov  6 08:49:37 1994"],
    ["ISO 8601", "1994-11-06T08:49:37Z"],
    ["a one-digit day", "Sun, 6 Nov 1994 08:49:37 GMT"],
    ["trailing text", "Sun, 06 Nov 1994 08:49:37 GMT "],
  ])("refuses %s", (_what, value) => {
    expect(isImfFixdate(value)).toBe(false);
  });

  it("accepts 29 February of a leap year only", () => {
    expect(isImfFixdate("Thu, 29 Feb 2024 00:00:00 GMT")).toBe(true);
    expect(isImfFixdate("Sun, 29 Feb 2023 00:00:00 GMT")).toBe(false);
  });
});
