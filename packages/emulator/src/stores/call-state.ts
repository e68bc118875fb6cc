import type { ActiveTransfer, BeginTransferResult, CallRecord } from "./types.js";

/**
 * Applies a transfer's outcome once its time has come: an accepted transfer of a 1:1 call ends
 * the call connection; a failed one, or one with a transferee, leaves the call connected.
 * The Redis store's Lua script mirrors this function; the store contract tests hold them equal.
 */
export function settleCall(record: CallRecord, now: number): CallRecord {
  if (record.state !== "transferring" || !record.transfer || now < record.transfer.settlesAt) return record;
  const ends = record.transfer.outcome === "accepted" && record.transfer.endsCall;
  return { state: ends ? "disconnected" : "connected" };
}

/** Decides whether `transfer` may start on a call in state `record`, and the record after it. */
export function decideTransfer(
  record: CallRecord | undefined,
  transfer: ActiveTransfer,
  now: number,
): { result: BeginTransferResult; next: CallRecord | undefined } {
  const current = record ? settleCall(record, now) : undefined;
  if (current?.state === "disconnected") return { result: { ok: false, reason: "disconnected" }, next: current };
  if (current?.state === "transferring" && current.transfer) {
    return { result: { ok: false, reason: "transferring", current: current.transfer }, next: current };
  }
  return { result: { ok: true }, next: { state: "transferring", transfer } };
}
