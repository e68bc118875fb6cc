/**
 * `pnpm start`: runs the emulator from environment variables (see README.md), prints the
 * connection string, and shuts down gracefully on SIGINT/SIGTERM.
 */

import { createJsonLogger, isLogLevel } from "@transfer-call/server";
import { ConfigError, configFromEnv } from "./config.js";
import { type Emulator, startEmulator } from "./emulator.js";
import { RedisUnavailableError } from "./stores/redis-connection.js";

const logger = createJsonLogger({
  level: isLogLevel(process.env.LOG_LEVEL ?? "") ? (process.env.LOG_LEVEL as "info") : "info",
});

async function main(): Promise<void> {
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ ...configFromEnv(process.env), logger });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RedisUnavailableError) {
      logger.error("emulator did not start", { reason: error.message });
      process.stderr.write(`\nThe emulator did not start: ${error.message}\n`);
      // Exit now: a Redis client that failed to connect may hold timers for a moment.
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
    throw error;
  }
  const { endpoint, connectionString, config, store } = emulator;
  // Handlers first: whoever reads the "listening" line may signal at once.
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn("second signal: exiting without waiting for deliveries", { signal });
      process.exit(1);
    }
    logger.info("shutting down: finishing requests and delivering pending callbacks", { signal });
    emulator.close().then(
      (result) => {
        process.exitCode = store.kind === "memory" && result.remaining !== 0 ? 1 : 0;
      },
      (error: unknown) => {
        logger.error("shutdown failed", { error });
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  logger.info("emulator listening", {
    endpoint,
    connectionString,
    accessKeySource: config.accessKeyGenerated ? "generated" : "CALL_AUTOMATION_ACCESS_KEY",
    docs: `${endpoint}docs`,
    openapi: `${endpoint}openapi.json`,
    health: `${endpoint}health`,
    store: store.kind,
    storeLocation: store.location,
  });
  process.stderr.write(
    [
      "",
      `Transfer call emulator listening on ${endpoint}`,
      `  connection string: ${connectionString}`,
      `  docs:              ${endpoint}docs   (OpenAPI: ${endpoint}openapi.json)`,
      `  health:            ${endpoint}health`,
      `  store:             ${store.kind === "redis" ? store.location : "in memory"}`,
      "",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  logger.error("emulator crashed", { error });
  process.exitCode = 1;
});
