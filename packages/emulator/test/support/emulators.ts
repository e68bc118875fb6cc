import { randomBytes } from "node:crypto";
import { type Emulator, type StartOptions, startEmulator } from "../../src/emulator.js";
import { FAST_DELIVERY, memoryLogger } from "./fixtures.js";

/** An emulator on 127.0.0.1 port 0 with fast retries; its log lines are kept for assertions. */
export async function testEmulator(
  options: StartOptions = {},
): Promise<Emulator & { lines: Record<string, unknown>[] }> {
  const { logger, lines } = memoryLogger();
  const emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    accessKey: randomBytes(32).toString("base64"),
    transferDelayMs: 0,
    logger,
    logLevel: "debug",
    ...options,
    delivery: { ...FAST_DELIVERY, ...options.delivery },
  });
  return Object.assign(emulator, { lines });
}
