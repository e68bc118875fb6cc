import type { RequestContext, TransferToParticipantInput, TransferToParticipantResult } from "@transfer-call/server";
import { type Logger, withFields } from "@transfer-call/server";
import type { CallRules } from "./call-rules.js";
import type { CallbackDeliverer } from "./delivery/callback-deliverer.js";
import type { TransferToParticipantRequest } from "./spec-types.js";
import type { CallStateStore } from "./stores/types.js";
import { transferEventWithJson } from "./transfer-events.js";

/** What the transfer handler works with. */
export interface TransferHandlerDeps {
  rules: CallRules;
  calls: CallStateStore;
  deliverer: CallbackDeliverer;
  /** Simulated time between the 202 and the outcome event. */
  transferDelayMs: number;
  logger: Logger;
  /** Whether each accepted transfer is logged (at debug); off, the log line is not even built. */
  logsAccepted?: boolean;
  clock?: () => number;
}

/** Error codes the emulator answers with, beyond the server runtime's own. */
export const EmulatorErrorCodes = {
  callNotFound: "CallNotFound",
  transferInProgress: "TransferInProgress",
  invalidValue: "InvalidValue",
  serviceUnavailable: "ServiceUnavailable",
} as const;

const WELL_FORMED_CALL_ID = /^[^\s\p{Cc}]{1,256}$/u;

/**
 * The emulator's business logic for `CallConnection_TransferToParticipant`, run by the server
 * stub after routing, auth, validation and repeatability:
 * 1. the call must exist (404 otherwise, as the service answers for an unknown or ended call);
 * 2. only one transfer at a time per call (409 `TransferInProgress` while one is in progress);
 * 3. answer 202 and queue the outcome event, due `transferDelayMs` later, for the callback URI.
 */
export function createTransferHandler(deps: TransferHandlerDeps) {
  const clock = deps.clock ?? Date.now;
  return async function transferToParticipant(
    input: TransferToParticipantInput,
    context: RequestContext,
  ): Promise<TransferToParticipantResult> {
    const { callConnectionId } = input.path;
    // Each version's request was validated against that version's schema; the newest version's
    // shape covers every field a handler reads (older versions lack some, never add one it needs).
    const body = input.body as TransferToParticipantRequest;
    // Made when something is logged: most transfers log nothing above debug.
    const log = () => withFields(deps.logger, { requestId: context.requestId, callConnectionId });
    if (!WELL_FORMED_CALL_ID.test(callConnectionId)) {
      return error(
        400,
        EmulatorErrorCodes.invalidValue,
        "callConnectionId must be 1 to 256 characters without spaces or control characters.",
        "callConnectionId",
      );
    }
    const lookup = deps.rules.lookupCall(callConnectionId);
    if (!lookup.found) {
      return error(
        404,
        EmulatorErrorCodes.callNotFound,
        `Call connection '${callConnectionId}' was not found.`,
        "callConnectionId",
      );
    }
    const { call } = lookup;
    const callbackUri = body.operationCallbackUri ?? call.callbackUri;
    if (callbackUri !== undefined && !isHttpUrl(callbackUri)) {
      return error(
        400,
        EmulatorErrorCodes.invalidValue,
        "operationCallbackUri must be an absolute http or https URI.",
        "operationCallbackUri",
      );
    }
    const outcome = deps.rules.outcomeFor(body.targetParticipant);
    const now = clock();
    const settlesAt = now + deps.transferDelayMs;
    const operationContext = body.operationContext ?? "";
    let begun: Awaited<ReturnType<typeof deps.calls.beginTransfer>>;
    try {
      begun = await deps.calls.beginTransfer(
        callConnectionId,
        {
          operationContext,
          outcome: outcome.outcome,
          settlesAt,
          endsCall: outcome.outcome === "accepted" && !body.transferee,
        },
        now,
      );
    } catch (cause) {
      log().error("call state store unavailable", { error: cause });
      return unavailable();
    }
    if (!begun.ok && begun.reason === "disconnected") {
      return error(
        404,
        EmulatorErrorCodes.callNotFound,
        `Call connection '${callConnectionId}' has ended.`,
        "callConnectionId",
      );
    }
    if (!begun.ok) {
      return error(
        409,
        EmulatorErrorCodes.transferInProgress,
        `A transfer of call connection '${callConnectionId}' is already in progress (operationContext '${begun.current.operationContext}'). ` +
          "Wait for its CallTransferAccepted or CallTransferFailed event before transferring again.",
        "callConnectionId",
      );
    }
    const { event, json } = transferEventWithJson({
      call,
      operationContext: body.operationContext ?? "",
      outcome,
      target: body.targetParticipant,
      ...(body.transferee ? { transferee: body.transferee } : {}),
      time: new Date(settlesAt),
      apiVersion: input.apiVersion,
    });
    if (callbackUri === undefined) {
      log().warn("transfer accepted with no callback URI: the outcome event is logged, not delivered", { event });
    } else {
      try {
        await deps.deliverer.enqueue(callbackUri, callConnectionId, [event], settlesAt, `[${json}]`);
      } catch (cause) {
        log().error("delivery queue unavailable; the transfer was recorded but its event could not be queued", {
          error: cause,
        });
        return unavailable();
      }
    }
    // Debug, not info: at a load test's rates a line per transfer would cost more than the transfer.
    if (deps.logsAccepted) {
      log().debug?.("transfer accepted", {
        outcome: outcome.outcome,
        eventType: event.type,
        operationContext: body.operationContext,
      });
    }
    return {
      status: 202,
      body: body.operationContext === undefined ? {} : { operationContext: body.operationContext },
    };
  };
}

function error(status: 400 | 404 | 409, code: string, message: string, target: string): TransferToParticipantResult {
  return { status, body: { error: { code, message, target } } };
}

function unavailable(): TransferToParticipantResult {
  return {
    status: 503,
    headers: { "Retry-After": "1" },
    body: {
      error: {
        code: EmulatorErrorCodes.serviceUnavailable,
        message: "The emulator's store is unreachable. Retry the request with the same Repeatability-Request-ID.",
      },
    },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
