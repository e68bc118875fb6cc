export type { LogFields, Logger, LogLevel } from "@transfer-call/server";
export { createJsonLogger, silentLogger, withFields } from "@transfer-call/server";
export type {
  CallLookup,
  CallRulesConfig,
  DeclaredCall,
  FailingTarget,
  ResolvedCall,
  TransferOutcome,
} from "./call-rules.js";
export {
  ACCEPTED_RESULT,
  CallRules,
  DEFAULT_FAILED_RESULT,
  deriveCorrelationId,
  deriveServerCallId,
} from "./call-rules.js";
export type { EmulatorConfig, EmulatorOptions } from "./config.js";
export { ConfigError, configFromEnv, DEFAULTS, resolveConfig } from "./config.js";
export { CallbackDeliverer } from "./delivery/callback-deliverer.js";
export type { DelivererOptions, DeliveryStats, FlushResult } from "./delivery/deliverer-options.js";
export type { RetryPolicy } from "./delivery/retry-policy.js";
export { DEFAULT_RETRY_POLICY, nextBackoffMs } from "./delivery/retry-policy.js";
export type { Emulator, StartOptions } from "./emulator.js";
export { startEmulator } from "./emulator.js";
export { rawIdOf } from "./identifiers.js";
export type { EmulatorStore } from "./stores/emulator-store.js";
export { createMemoryStore, createRedisStore } from "./stores/emulator-store.js";
export { RedisUnavailableError } from "./stores/redis-connection.js";
export type { CallRecord, CallStateStore, DeliveryQueue, PendingDelivery } from "./stores/types.js";
export { buildTransferEvent } from "./transfer-events.js";
export { EmulatorErrorCodes } from "./transfer-handler.js";
