import { createJsonLogger, isLogLevel, type LogLevel, withFields } from "@transfer-call/server";
import { describe, expect, it } from "vitest";

function collected(level: LogLevel) {
  const lines: string[] = [];
  const logger = createJsonLogger({ level, write: (line) => lines.push(line), now: () => new Date(0) });
  return { logger, lines };
}

describe("the emulator's JSON-lines logger", () => {
  it("writes one JSON object per line with time, level, message and the fields", () => {
    const { logger, lines } = collected("info");
    logger.info("callback delivered", { status: 200 });
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","message":"callback delivered","status":200}',
    ]);
  });

  it("drops lines below its level", () => {
    const { logger, lines } = collected("warn");
    logger.debug?.("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(["warn", "error"]);
  });

  it("reduces errors to name, message and code, so no stack reaches the log", () => {
    const { logger, lines } = collected("debug");
    const error = Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    logger.error("delivery failed", { error, big: 10n });
    expect(JSON.parse(lines[0]!)).toMatchObject({
      error: { name: "Error", message: "refused", code: "ECONNREFUSED" },
      big: "10",
    });
    expect(lines[0]).not.toContain("stack");
  });

  it("adds a component's fields to each line with withFields, the line's own fields winning", () => {
    const { logger, lines } = collected("debug");
    const component = withFields(withFields(logger, { component: "callbacks", attempt: 0 }), { requestId: "r1" });
    component.debug?.("callback queued", { attempt: 2 });
    component.warn("callback attempt failed");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: "debug", component: "callbacks", requestId: "r1", attempt: 2 }),
      expect.objectContaining({ level: "warn", component: "callbacks", requestId: "r1", attempt: 0 }),
    ]);
  });

  it("keeps a logger without debug (console-like) usable: withFields adds no debug it lacks", () => {
    const seen: unknown[] = [];
    const plain = { error: () => {}, warn: () => {}, info: (m: string, f?: object) => void seen.push([m, f]) };
    const bound = withFields(plain, { component: "api" });
    bound.info("hello", { a: 1 });
    expect(bound.debug).toBeUndefined();
    expect(seen).toEqual([["hello", { component: "api", a: 1 }]]);
  });

  it("accepts exactly the four level names as LOG_LEVEL", () => {
    expect(["debug", "info", "warn", "error"].every(isLogLevel)).toBe(true);
    expect(["trace", "INFO", "toString", ""].some(isLogLevel)).toBe(false);
  });
});
