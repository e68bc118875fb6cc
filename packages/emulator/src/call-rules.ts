import { hash } from "node:crypto";
import { identifierNames } from "./identifiers.js";
import type { CommunicationIdentifierModel, ResultInformation } from "./spec-types.js";

/** A call connection declared in the emulator's configuration. */
export interface DeclaredCall {
  callConnectionId: string;
  /** Reported in events; derived from the id when left out. */
  serverCallId?: string;
  /** Reported in events; derived from the id when left out. */
  correlationId?: string;
  /**
   * Where events go when a transfer request has no `operationCallbackUri` (the callback URI the
   * real service takes from CreateCall/AnswerCall).
   */
  callbackUri?: string;
  /** `disconnected` declares a call that has ended: requests on it get 404. Default `connected`. */
  state?: "connected" | "disconnected";
}

/** A transfer target whose transfers fail, and the result its `CallTransferFailed` event reports. */
export interface FailingTarget {
  /** Matched exactly against the target's rawId, ACS user id, phone number, Teams user id or Teams app id. */
  target: string;
  resultInformation?: ResultInformation;
}

/** Which calls exist and how transfers on them end. */
export interface CallRulesConfig {
  /** What a callConnectionId that is not declared is: an active call (default) or unknown (404). */
  undeclaredCalls: "active" | "notFound";
  calls: DeclaredCall[];
  failingTargets: FailingTarget[];
  /**
   * The convention that needs no configuration: a target whose id or rawId contains `fail`
   * (any case), or a phone number ending in `0000`, fails. On by default.
   */
  builtInFailRule: boolean;
  /** Callback URI for calls without their own, when the request has no `operationCallbackUri`. */
  defaultCallbackUri?: string;
}

/** A call the emulator will act on. */
export interface ResolvedCall {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
  callbackUri: string | undefined;
}

/** What the rules say about a callConnectionId. */
export type CallLookup = { found: true; call: ResolvedCall } | { found: false; reason: "undeclared" | "disconnected" };

/** What the rules say about a transfer target. */
export type TransferOutcome =
  | { outcome: "accepted"; resultInformation: ResultInformation }
  | { outcome: "failed"; resultInformation: ResultInformation };

/** What a `CallTransferAccepted` event reports, as the service does for a completed transfer. */
export const ACCEPTED_RESULT: ResultInformation = {
  code: 200,
  subCode: 7015,
  message: "The transfer operation completed successfully.",
};

/** What a `CallTransferFailed` event reports unless the failing target names its own result. */
export const DEFAULT_FAILED_RESULT: ResultInformation = {
  code: 480,
  subCode: 10037,
  message: "The transfer target is temporarily unavailable.",
  sipDetails: { code: 480, message: "Temporarily Unavailable" },
};

/** Applies a `CallRulesConfig`: call lookup and transfer outcomes. */
export class CallRules {
  readonly #config: CallRulesConfig;
  readonly #declared: Map<string, DeclaredCall>;
  readonly #failing: Map<string, FailingTarget>;

  constructor(config: CallRulesConfig) {
    this.#config = config;
    this.#declared = new Map(config.calls.map((call) => [call.callConnectionId, call]));
    this.#failing = new Map(config.failingTargets.map((target) => [target.target, target]));
  }

  lookupCall(callConnectionId: string): CallLookup {
    const declared = this.#declared.get(callConnectionId);
    if (declared?.state === "disconnected") return { found: false, reason: "disconnected" };
    if (!declared && this.#config.undeclaredCalls === "notFound") return { found: false, reason: "undeclared" };
    return {
      found: true,
      call: {
        callConnectionId,
        serverCallId: declared?.serverCallId ?? deriveServerCallId(callConnectionId),
        correlationId: declared?.correlationId ?? deriveCorrelationId(callConnectionId),
        callbackUri: declared?.callbackUri ?? this.#config.defaultCallbackUri,
      },
    };
  }

  outcomeFor(target: CommunicationIdentifierModel): TransferOutcome {
    const names = identifierNames(target);
    for (const name of names) {
      const failing = this.#failing.get(name);
      if (failing) return { outcome: "failed", resultInformation: failing.resultInformation ?? DEFAULT_FAILED_RESULT };
    }
    if (this.#config.builtInFailRule && names.some(matchesBuiltInFailRule)) {
      return { outcome: "failed", resultInformation: DEFAULT_FAILED_RESULT };
    }
    return { outcome: "accepted", resultInformation: ACCEPTED_RESULT };
  }
}

function matchesBuiltInFailRule(name: string): boolean {
  return /fail/i.test(name) || /^(4:)?\+\d*0000$/.test(name);
}

/** A stable UUID-shaped correlation id for a call, the same on every instance. */
export function deriveCorrelationId(callConnectionId: string): string {
  const hex = hash("sha256", `correlation:${callConnectionId}`, "hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A stable server call id for a call, base64url like the service's (which encodes a conversation URL). */
export function deriveServerCallId(callConnectionId: string): string {
  const digest = hash("sha256", `server-call:${callConnectionId}`, "hex").slice(0, 32);
  return Buffer.from(`https://emulator.local/conv/${digest}?i=1&e=emulator`).toString("base64url");
}
