import {
  createJsonLogger,
  createTransferService,
  type Logger,
  listen,
  operationsExcept,
  type RunningServer,
  withFields,
} from "@transfer-call/server";
import { CallRules } from "./call-rules.js";
import { type EmulatorConfig, type EmulatorOptions, resolveConfig } from "./config.js";
import { backpressureRoute } from "./delivery/backpressure.js";
import { CallbackDeliverer } from "./delivery/callback-deliverer.js";
import type { FlushResult } from "./delivery/deliverer-options.js";
import { serveOperationsRoute } from "./operations-routes.js";
import { createMemoryStore, createRedisStore, type EmulatorStore } from "./stores/emulator-store.js";
import { createTransferHandler } from "./transfer-handler.js";

/** A running emulator. */
export interface Emulator {
  /** The endpoint, e.g. `http://127.0.0.1:8080/`. */
  readonly endpoint: string;
  /** `endpoint=…;accesskey=…`, for `new CallAutomationClient(connectionString, …)`. */
  readonly connectionString: string;
  readonly config: EmulatorConfig;
  readonly store: EmulatorStore;
  readonly deliverer: CallbackDeliverer;
  /**
   * Graceful shutdown: stops accepting connections, lets requests in flight finish, delivers the
   * pending callbacks (all of them with the in-memory store; those in flight with Redis, where the
   * rest wait for the next instance), then closes the store.
   */
  close(): Promise<FlushResult>;
}

/** Extra wiring for embedding and tests. */
export interface StartOptions extends EmulatorOptions {
  logger?: Logger;
  /** Use this store instead of building one from the configuration. */
  store?: EmulatorStore;
  /** Injected into the callback deliverer. */
  fetch?: typeof fetch;
}

/** Starts the emulator: builds the store, the server stub with the emulator's handler, and listens. */
export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const config = resolveConfig(options);
  const logger = options.logger ?? createJsonLogger({ level: config.logLevel });
  const store =
    options.store ??
    (config.redis
      ? await createRedisStore({ ...config.redis, callRecordTtlMs: config.callRecordTtlMs }, logger)
      : createMemoryStore({
          callRecordTtlMs: config.callRecordTtlMs,
          maxCallRecords: config.limits.callRecords,
          maxCallRecordBytes: config.limits.callRecordBytes,
        }));
  const { pollIntervalMs, concurrency, maxBatchEvents, ...policy } = config.delivery;
  const deliverer = new CallbackDeliverer(
    store.deliveries,
    { policy, pollIntervalMs, concurrency, maxBatchEvents, ...(options.fetch ? { fetch: options.fetch } : {}) },
    withFields(logger, { component: "callbacks" }),
  );
  const service = createTransferService({
    handlers: {
      transferToParticipant: createTransferHandler({
        rules: new CallRules(config.calls),
        calls: store.calls,
        deliverer,
        transferDelayMs: config.transferDelayMs,
        logger: withFields(logger, { component: "transfers" }),
        logsAccepted: config.logLevel === "debug",
      }),
    },
    // Every other operation of the spec answers 501, so adding one to the spec never stops the emulator.
    notImplemented: operationsExcept("CallConnection_TransferToParticipant"),
    auth: { accessKey: config.accessKey },
    repeatability: { store: store.repeatability, ttlMs: config.repeatabilityTtlMs },
    logger: withFields(logger, { component: "api" }),
  });
  const operations = { store, deliverer, docsDir: config.docsDir, startedAt: Date.now() };
  let server: RunningServer;
  try {
    server = await listen(service, {
      host: config.host,
      port: config.port,
      closeGraceMs: Math.min(config.shutdownTimeoutMs, 5_000),
      routes: [
        (req, res) => (req.method === "GET" || req.method === "HEAD") && serveOperationsRoute(req, res, operations),
        backpressureRoute(store.deliveries, config.limits, withFields(logger, { component: "api" })),
      ],
      logger,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  deliverer.start();
  const { port } = server;
  const endpoint = `http://${displayHost(config.host)}:${port}/`;
  const connectionString = `endpoint=${endpoint};accesskey=${config.accessKey}`;
  let closing: Promise<FlushResult> | undefined;
  return {
    endpoint,
    connectionString,
    config: { ...config, port },
    store,
    deliverer,
    close: () => (closing ??= shutdown(server, deliverer, store, config, logger)),
  };
}

async function shutdown(
  server: RunningServer,
  deliverer: CallbackDeliverer,
  store: EmulatorStore,
  config: EmulatorConfig,
  logger: Logger,
): Promise<FlushResult> {
  await server.close();
  const result = await deliverer.flush({ drainWaiting: store.kind === "memory", timeoutMs: config.shutdownTimeoutMs });
  await store.close();
  logger.info("emulator stopped", { delivered: result.delivered, undelivered: result.remaining, store: store.kind });
  return result;
}

function displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
