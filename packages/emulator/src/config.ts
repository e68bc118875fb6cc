import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { isLogLevel, type LogLevel } from "@transfer-call/server";
import type { CallRulesConfig, DeclaredCall, FailingTarget } from "./call-rules.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./delivery/retry-policy.js";

/** Everything the emulator runs with. `resolveConfig` fills in the defaults. */
export interface EmulatorConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The base64 access key clients sign with. */
  accessKey: string;
  /** Whether `accessKey` was generated at start (none was configured). */
  accessKeyGenerated: boolean;
  /** Set to share state through Redis; the embedded in-memory store is used otherwise. */
  redis: { url: string; keyPrefix: string } | undefined;
  calls: CallRulesConfig;
  /** Simulated time from the 202 to the outcome event. */
  transferDelayMs: number;
  delivery: RetryPolicy & {
    pollIntervalMs: number;
    /** POSTs in flight at once to one callback URI. */
    concurrency: number;
    /** Most events in one POST. */
    maxBatchEvents: number;
  };
  /** What the emulator holds at most; see the README ("Bounds and backpressure"). */
  limits: Limits;
  /** How long a Repeatability-Request-ID is remembered. */
  repeatabilityTtlMs: number;
  /** How long a call's transfer state is remembered after its last change. */
  callRecordTtlMs: number;
  /** Longest time a graceful shutdown spends delivering what is still pending. */
  shutdownTimeoutMs: number;
  /** A folder with the API reference page (`index.html`) to serve at /docs. */
  docsDir: string | undefined;
  logLevel: LogLevel;
}

/** Memory bounds: call records (in-memory store) and the delivery backlog (either store). */
export interface Limits {
  /** Call records kept at most; at the bound, ended calls are forgotten first. */
  callRecords: number;
  /** Estimated bytes of call records kept at most. */
  callRecordBytes: number;
  /** Deliveries waiting at most: at the bound, new transfers are refused with 429. */
  pendingDeliveries: number;
  /** Bytes (events as JSON) of deliveries waiting at most: at the bound, new transfers get 429. */
  pendingDeliveryBytes: number;
}

/** Options for `createEmulator`: any part of the configuration; the rest takes its default. */
export type EmulatorOptions = Partial<Omit<EmulatorConfig, "calls" | "delivery" | "limits" | "accessKeyGenerated">> & {
  calls?: Partial<CallRulesConfig>;
  delivery?: Partial<EmulatorConfig["delivery"]>;
  limits?: Partial<Limits>;
};

/** A configuration value is missing or wrong; the message names it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** The defaults, documented in the README. */
export const DEFAULTS = {
  host: "127.0.0.1",
  port: 8080,
  transferDelayMs: 1_000,
  pollIntervalMs: 250,
  concurrency: 4,
  maxBatchEvents: 100,
  limits: {
    callRecords: 20_000,
    callRecordBytes: 16 * 1024 * 1024,
    pendingDeliveries: 20_000,
    pendingDeliveryBytes: 32 * 1024 * 1024,
  } satisfies Limits,
  repeatabilityTtlMs: 5 * 60 * 1_000,
  callRecordTtlMs: 24 * 60 * 60 * 1_000,
  shutdownTimeoutMs: 10_000,
  redisKeyPrefix: "transfer-call-emulator:",
} as const;

/** Fills in defaults and checks every value. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const accessKey = options.accessKey ?? randomBytes(32).toString("base64");
  checkAccessKey(accessKey, "accessKey");
  const config: EmulatorConfig = {
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    accessKey,
    accessKeyGenerated: options.accessKey === undefined,
    redis: options.redis,
    calls: {
      undeclaredCalls: options.calls?.undeclaredCalls ?? "active",
      calls: options.calls?.calls ?? [],
      failingTargets: options.calls?.failingTargets ?? [],
      builtInFailRule: options.calls?.builtInFailRule ?? true,
      defaultCallbackUri: options.calls?.defaultCallbackUri,
    },
    transferDelayMs: options.transferDelayMs ?? DEFAULTS.transferDelayMs,
    delivery: {
      ...DEFAULT_RETRY_POLICY,
      pollIntervalMs: DEFAULTS.pollIntervalMs,
      concurrency: DEFAULTS.concurrency,
      maxBatchEvents: DEFAULTS.maxBatchEvents,
      ...options.delivery,
    },
    limits: { ...DEFAULTS.limits, ...options.limits },
    repeatabilityTtlMs: options.repeatabilityTtlMs ?? DEFAULTS.repeatabilityTtlMs,
    callRecordTtlMs: options.callRecordTtlMs ?? DEFAULTS.callRecordTtlMs,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs,
    docsDir: options.docsDir,
    logLevel: options.logLevel ?? "info",
  };
  checkInteger(config.port, "port", 0, 65_535);
  for (const key of ["transferDelayMs", "repeatabilityTtlMs", "callRecordTtlMs", "shutdownTimeoutMs"] as const) {
    checkInteger(config[key], key, 0);
  }
  for (const key of [
    "attemptTimeoutMs",
    "initialBackoffMs",
    "maxBackoffMs",
    "retryWindowMs",
    "pollIntervalMs",
    "concurrency",
    "maxBatchEvents",
  ] as const) {
    checkInteger(config.delivery[key], `delivery.${key}`, 1);
  }
  for (const key of Object.keys(DEFAULTS.limits) as (keyof Limits)[]) {
    checkInteger(config.limits[key], `limits.${key}`, 1);
  }
  if (!["active", "notFound"].includes(config.calls.undeclaredCalls)) {
    throw new ConfigError(
      `calls.undeclaredCalls must be "active" or "notFound", got ${JSON.stringify(config.calls.undeclaredCalls)}`,
    );
  }
  config.calls.calls.forEach((call, i) => {
    checkDeclaredCall(call, `calls.calls[${i}]`);
  });
  config.calls.failingTargets.forEach((target, i) => {
    if (typeof target?.target !== "string" || target.target === "") {
      throw new ConfigError(`calls.failingTargets[${i}].target must be a non-empty string`);
    }
  });
  if (config.calls.defaultCallbackUri !== undefined)
    checkHttpUrl(config.calls.defaultCallbackUri, "calls.defaultCallbackUri");
  if (config.redis && !/^rediss?:\/\//.test(config.redis.url)) {
    throw new ConfigError(
      `EMULATOR_REDIS_URL must start with redis:// or rediss://, got ${JSON.stringify(config.redis.url)}`,
    );
  }
  return config;
}

/**
 * Reads the configuration from environment variables and the optional JSON file named by
 * `EMULATOR_CONFIG` (environment variables win). See the README for every name.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): EmulatorOptions {
  const file = env.EMULATOR_CONFIG ? readConfigFile(env.EMULATOR_CONFIG) : {};
  const options: EmulatorOptions = {
    ...file,
    calls: { ...file.calls },
    delivery: { ...file.delivery },
    limits: { ...file.limits },
  };
  if (env.HOST) options.host = env.HOST;
  if (env.PORT !== undefined && env.PORT !== "") options.port = parseInteger(env.PORT, "PORT");
  if (env.CALL_AUTOMATION_ACCESS_KEY) {
    options.accessKey = checkAccessKey(env.CALL_AUTOMATION_ACCESS_KEY, "CALL_AUTOMATION_ACCESS_KEY");
  }
  if (env.EMULATOR_REDIS_URL) {
    options.redis = {
      url: env.EMULATOR_REDIS_URL,
      keyPrefix: env.EMULATOR_REDIS_KEY_PREFIX || DEFAULTS.redisKeyPrefix,
    };
  }
  if (env.EMULATOR_TRANSFER_DELAY_MS)
    options.transferDelayMs = parseInteger(env.EMULATOR_TRANSFER_DELAY_MS, "EMULATOR_TRANSFER_DELAY_MS");
  if (env.EMULATOR_UNDECLARED_CALLS) {
    options.calls!.undeclaredCalls = env.EMULATOR_UNDECLARED_CALLS as CallRulesConfig["undeclaredCalls"];
  }
  if (env.EMULATOR_CALLS) {
    options.calls!.calls = [
      ...(options.calls!.calls ?? []),
      ...splitList(env.EMULATOR_CALLS).map((callConnectionId) => ({ callConnectionId })),
    ];
  }
  if (env.EMULATOR_FAILING_TARGETS) {
    options.calls!.failingTargets = [
      ...(options.calls!.failingTargets ?? []),
      ...splitList(env.EMULATOR_FAILING_TARGETS).map((target) => ({ target })),
    ];
  }
  if (env.EMULATOR_CALLBACK_URI) options.calls!.defaultCallbackUri = env.EMULATOR_CALLBACK_URI;
  for (const [name, key] of LIMIT_VARIABLES) {
    if (env[name]) options.limits![key] = parseInteger(env[name], name);
  }
  if (env.EMULATOR_DOCS_DIR) options.docsDir = env.EMULATOR_DOCS_DIR;
  if (env.LOG_LEVEL) {
    if (!isLogLevel(env.LOG_LEVEL))
      throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got ${JSON.stringify(env.LOG_LEVEL)}`);
    options.logLevel = env.LOG_LEVEL;
  }
  return options;
}

/** The environment variables that set the limits. */
const LIMIT_VARIABLES: [string, keyof Limits][] = [
  ["EMULATOR_MAX_CALL_RECORDS", "callRecords"],
  ["EMULATOR_MAX_CALL_RECORD_BYTES", "callRecordBytes"],
  ["EMULATOR_MAX_PENDING_DELIVERIES", "pendingDeliveries"],
  ["EMULATOR_MAX_PENDING_DELIVERY_BYTES", "pendingDeliveryBytes"],
];

interface ConfigFile extends Omit<EmulatorOptions, "calls" | "accessKey"> {
  calls?: Partial<CallRulesConfig> & { failingTargets?: (FailingTarget | string)[]; calls?: (DeclaredCall | string)[] };
}

function readConfigFile(path: string): EmulatorOptions {
  let parsed: ConfigFile;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as ConfigFile;
  } catch (error) {
    throw new ConfigError(`EMULATOR_CONFIG: cannot read ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`EMULATOR_CONFIG: ${path} must hold a JSON object`);
  }
  if ("accessKey" in parsed)
    throw new ConfigError(`EMULATOR_CONFIG: put the access key in CALL_AUTOMATION_ACCESS_KEY, not in ${path}`);
  const calls = parsed.calls ?? {};
  return {
    ...parsed,
    calls: {
      ...calls,
      ...(calls.calls ? { calls: calls.calls.map((c) => (typeof c === "string" ? { callConnectionId: c } : c)) } : {}),
      ...(calls.failingTargets
        ? { failingTargets: calls.failingTargets.map((t) => (typeof t === "string" ? { target: t } : t)) }
        : {}),
    },
  };
}

function checkDeclaredCall(call: DeclaredCall, where: string): void {
  if (typeof call?.callConnectionId !== "string" || call.callConnectionId === "") {
    throw new ConfigError(`${where}.callConnectionId must be a non-empty string`);
  }
  if (call.state !== undefined && call.state !== "connected" && call.state !== "disconnected") {
    throw new ConfigError(`${where}.state must be "connected" or "disconnected"`);
  }
  if (call.callbackUri !== undefined) checkHttpUrl(call.callbackUri, `${where}.callbackUri`);
}

function checkAccessKey(key: string, name: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0 || Buffer.from(key, "base64").length === 0) {
    throw new ConfigError(`${name} must be a base64 string (as in an ACS connection string's accesskey)`);
  }
  return key;
}

function checkHttpUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute http or https URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} must be an absolute http or https URL, got ${JSON.stringify(value)}`);
  }
}

function checkInteger(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

function parseInteger(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value.trim());
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
