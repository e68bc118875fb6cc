import { createJsonLogger, type Logger } from "@transfer-call/server";
import { CallRules, type CallRulesConfig } from "../../src/call-rules.js";
import { latestApiVersion } from "../../src/generated/openapi-document.gen.js";
import type { TransferEvent } from "../../src/spec-types.js";
import { buildTransferEvent } from "../../src/transfer-events.js";

/** A logger that keeps its lines as parsed objects. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: createJsonLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line)) }), lines };
}

/** A CallTransferAccepted event for `callConnectionId`. */
export function acceptedEvent(callConnectionId: string, operationContext: string): TransferEvent {
  const rules = new CallRules({
    undeclaredCalls: "active",
    calls: [],
    failingTargets: [],
    builtInFailRule: true,
  } satisfies CallRulesConfig);
  const lookup = rules.lookupCall(callConnectionId);
  if (!lookup.found) throw new Error("unreachable");
  return buildTransferEvent({
    call: lookup.call,
    operationContext,
    outcome: rules.outcomeFor({ communicationUser: { id: "8:acs:target" } }),
    target: { communicationUser: { id: "8:acs:target" } },
    time: new Date(),
    apiVersion: latestApiVersion,
  });
}

/** Delivery settings short enough for tests. */
export const FAST_DELIVERY = {
  attemptTimeoutMs: 300,
  initialBackoffMs: 10,
  maxBackoffMs: 40,
  retryWindowMs: 60_000,
  pollIntervalMs: 10,
  concurrency: 4,
  maxBatchEvents: 100,
};
