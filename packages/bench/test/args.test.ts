import { describe, expect, it } from "vitest";
import { parseBenchArgs, parseProfileArgs } from "../src/args.js";

describe("pnpm bench arguments", () => {
  const known = ["client", "emulator", "generate", "server"];

  it("runs every case when none is named, and the named ones once each", () => {
    expect(parseBenchArgs([], known)).toEqual(known);
    expect(parseBenchArgs(["server", "client", "server"], known)).toEqual(["server", "client"]);
  });

  it("refuses an unknown case, listing the known ones", () => {
    expect(() => parseBenchArgs(["sever"], known)).toThrow(
      "unknown bench case sever: use client, emulator, generate, server",
    );
  });
});

describe("pnpm profile:server arguments", () => {
  it("defaults to ours, signed, with repeatability, 8,000 + 10,000 requests", () => {
    expect(parseProfileArgs([])).toEqual({
      target: "ours",
      plain: false,
      unsigned: false,
      requests: 10_000,
      warmup: 8_000,
      functions: false,
      threads: false,
    });
  });

  it("reads the server and the flags", () => {
    expect(
      parseProfileArgs([
        "fastify",
        "--plain",
        "--unsigned",
        "--requests",
        "500",
        "--warmup",
        "0",
        "--functions",
        "--threads",
      ]),
    ).toEqual({
      target: "fastify",
      plain: true,
      unsigned: true,
      requests: 500,
      warmup: 0,
      functions: true,
      threads: true,
    });
  });

  it("refuses an unknown server, a bad count and an unknown flag", () => {
    expect(() => parseProfileArgs(["express"])).toThrow("unknown server express");
    expect(() => parseProfileArgs(["ours", "bare"])).toThrow("one server at a time");
    expect(() => parseProfileArgs(["--requests", "0"])).toThrow("--requests");
    expect(() => parseProfileArgs(["--warmup", "x"])).toThrow("--warmup");
    expect(() => parseProfileArgs(["--fast"])).toThrow();
  });
});
