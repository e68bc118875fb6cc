import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configFromEnv, resolveConfig } from "../src/config.js";

function configFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "emulator-config-")), "config.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("configuration", () => {
  it("reads the memory bounds from the environment, and names a wrong one", () => {
    const config = resolveConfig(
      configFromEnv({ EMULATOR_MAX_PENDING_DELIVERIES: "500", EMULATOR_MAX_CALL_RECORDS: "7" }),
    );
    expect(config.limits).toMatchObject({ pendingDeliveries: 500, callRecords: 7 });
    expect(() => configFromEnv({ EMULATOR_MAX_PENDING_DELIVERY_BYTES: "lots" })).toThrow(
      new ConfigError('EMULATOR_MAX_PENDING_DELIVERY_BYTES must be a whole number, got "lots"'),
    );
    expect(() => resolveConfig({ limits: { callRecordBytes: 0 } })).toThrow(
      /limits.callRecordBytes must be an integer from 1/,
    );
  });

  it("defaults to 127.0.0.1:8080, the in-memory store, a generated key and active undeclared calls", () => {
    const config = resolveConfig(configFromEnv({}));
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      redis: undefined,
      accessKeyGenerated: true,
      transferDelayMs: 1_000,
    });
    expect(config.calls).toMatchObject({ undeclaredCalls: "active", builtInFailRule: true });
    expect(Buffer.from(config.accessKey, "base64")).toHaveLength(32);
  });

  it("reads the environment variables", () => {
    const config = resolveConfig(
      configFromEnv({
        HOST: "0.0.0.0",
        PORT: "9090",
        CALL_AUTOMATION_ACCESS_KEY: "c2VjcmV0",
        EMULATOR_REDIS_URL: "redis://127.0.0.1:6390/2",
        EMULATOR_TRANSFER_DELAY_MS: "0",
        EMULATOR_UNDECLARED_CALLS: "notFound",
        EMULATOR_CALLS: "call-1, call-2",
        EMULATOR_FAILING_TARGETS: "+14255550123,8:acs:bad",
        EMULATOR_CALLBACK_URI: "http://127.0.0.1:3000/events",
        LOG_LEVEL: "debug",
      }),
    );
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 9090,
      accessKey: "c2VjcmV0",
      accessKeyGenerated: false,
      redis: { url: "redis://127.0.0.1:6390/2", keyPrefix: "transfer-call-emulator:" },
      transferDelayMs: 0,
      logLevel: "debug",
      calls: {
        undeclaredCalls: "notFound",
        calls: [{ callConnectionId: "call-1" }, { callConnectionId: "call-2" }],
        failingTargets: [{ target: "+14255550123" }, { target: "8:acs:bad" }],
        defaultCallbackUri: "http://127.0.0.1:3000/events",
      },
    });
  });

  it("merges an EMULATOR_CONFIG file (strings or objects) under the environment", () => {
    const file = configFile({
      transferDelayMs: 250,
      delivery: { maxBackoffMs: 5_000 },
      calls: {
        calls: ["a", { callConnectionId: "b", state: "disconnected" }],
        failingTargets: ["+14255550123", { target: "x", resultInformation: { code: 486 } }],
      },
    });
    const config = resolveConfig(configFromEnv({ EMULATOR_CONFIG: file, EMULATOR_TRANSFER_DELAY_MS: "5" }));
    expect(config.transferDelayMs).toBe(5);
    expect(config.delivery.maxBackoffMs).toBe(5_000);
    expect(config.calls.calls).toEqual([{ callConnectionId: "a" }, { callConnectionId: "b", state: "disconnected" }]);
    expect(config.calls.failingTargets).toEqual([
      { target: "+14255550123" },
      { target: "x", resultInformation: { code: 486 } },
    ]);
  });

  it.each([
    [{ CALL_AUTOMATION_ACCESS_KEY: "not base64!" }, "CALL_AUTOMATION_ACCESS_KEY must be a base64 string"],
    [{ PORT: "eighty" }, "PORT must be a whole number"],
    [{ PORT: "70000" }, "port must be an integer from 0 to 65535"],
    [{ EMULATOR_UNDECLARED_CALLS: "maybe" }, 'calls.undeclaredCalls must be "active" or "notFound"'],
    [{ EMULATOR_CALLBACK_URI: "ftp://x" }, "calls.defaultCallbackUri must be an absolute http or https URL"],
    [{ EMULATOR_REDIS_URL: "127.0.0.1:6379" }, "EMULATOR_REDIS_URL must start with redis://"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL must be debug, info, warn or error"],
    [{ EMULATOR_CONFIG: "/nonexistent/emulator.json" }, "EMULATOR_CONFIG: cannot read /nonexistent/emulator.json"],
  ])("rejects %j with a message naming it", (env, message) => {
    expect(() => resolveConfig(configFromEnv(env))).toThrow(ConfigError);
    expect(() => resolveConfig(configFromEnv(env))).toThrow(message);
  });

  it("rejects a config file that is not a JSON object, or that holds the access key", () => {
    expect(() => configFromEnv({ EMULATOR_CONFIG: configFile("[1]") })).toThrow("must hold a JSON object");
    expect(() => configFromEnv({ EMULATOR_CONFIG: configFile("{") })).toThrow("EMULATOR_CONFIG: cannot read");
    expect(() => configFromEnv({ EMULATOR_CONFIG: configFile({ accessKey: "c2VjcmV0" }) })).toThrow(
      "CALL_AUTOMATION_ACCESS_KEY",
    );
    expect(() =>
      resolveConfig(configFromEnv({ EMULATOR_CONFIG: configFile({ calls: { calls: [{ state: "on" }] } }) })),
    ).toThrow("calls.calls[0].callConnectionId must be a non-empty string");
  });
});
