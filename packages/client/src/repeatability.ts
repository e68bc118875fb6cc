import type { operations } from "./generated/openapi.gen.js";

type TransferHeaders = NonNullable<operations["CallConnection_TransferToParticipant"]["parameters"]["header"]>;

/**
 * The two headers of Azure's repeatable-requests convention, as the spec declares them (a rename
 * in the spec fails to compile here). A call sends them once and every retry repeats them
 * unchanged, so the service runs the operation at most once.
 */
export type RepeatabilityHeaders = Required<
  Pick<TransferHeaders, "Repeatability-Request-ID" | "Repeatability-First-Sent">
>;

/** What a caller may supply; anything left out is generated. */
export interface RepeatabilityOptions {
  /** A UUID v4 that identifies this logical request. Default: `crypto.randomUUID()`. */
  repeatabilityRequestId?: string | undefined;
  /** When the request was first sent, as a `Date` or an IMF-fixdate string. Default: now. */
  repeatabilityFirstSent?: Date | string | undefined;
}

/** The headers for one logical call: the caller's values where given, fresh ones otherwise. */
export function createRepeatabilityHeaders(options: RepeatabilityOptions = {}): RepeatabilityHeaders {
  const firstSent = options.repeatabilityFirstSent;
  return {
    "Repeatability-Request-ID": options.repeatabilityRequestId ?? crypto.randomUUID(),
    "Repeatability-First-Sent":
      firstSent === undefined
        ? new Date().toUTCString()
        : typeof firstSent === "string"
          ? firstSent
          : firstSent.toUTCString(),
  };
}
