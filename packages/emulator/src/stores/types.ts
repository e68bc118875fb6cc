import type { TransferEvent } from "../spec-types.js";

/** The state of a call connection as the emulator tracks it. */
export type CallState = "connected" | "transferring" | "disconnected";

/** A transfer the emulator accepted (answered 202) and whose outcome is not yet reported. */
export interface ActiveTransfer {
  /** The `operationContext` of the request that started it. */
  operationContext: string;
  /** How it will end; decided by the rules when the request is accepted. */
  outcome: "accepted" | "failed";
  /** Epoch ms at which the outcome takes effect (the simulated time the target takes to answer). */
  settlesAt: number;
  /** Whether an accepted transfer ends this call connection (a 1:1 call with no transferee). */
  endsCall: boolean;
}

/** What the emulator remembers about a call connection it has seen a transfer on. */
export interface CallRecord {
  state: CallState;
  transfer?: ActiveTransfer;
}

/** Why a transfer could not start. */
export type BeginTransferResult =
  | { ok: true }
  | { ok: false; reason: "transferring"; current: ActiveTransfer }
  | { ok: false; reason: "disconnected" };

/** Call connection state, shared by every instance that uses the same store. */
export interface CallStateStore {
  /**
   * Atomically starts a transfer on a call: refused while another transfer on it is still in
   * progress, or once an earlier accepted transfer has ended the call.
   */
  beginTransfer(callConnectionId: string, transfer: ActiveTransfer, now: number): Promise<BeginTransferResult>;
  /** The call's state at `now`, or undefined when no transfer was ever made on it. */
  getCall(callConnectionId: string, now: number): Promise<CallRecord | undefined>;
}

/** A batch of events waiting to be POSTed to a callback URI. */
export interface PendingDelivery {
  /** Unique id of this delivery. */
  id: string;
  /** The callback URI (`operationCallbackUri` of the transfer request). */
  url: string;
  /** The call the events are about, for logs. */
  callConnectionId: string;
  /** The CloudEvents, sent as one JSON array. */
  events: TransferEvent[];
  /** Attempts made so far. */
  attempts: number;
  /** Epoch ms when the delivery first became due; retries stop `retryWindowMs` after it. */
  firstDueAt: number;
  /** Epoch ms of the next attempt. */
  dueAt: number;
  /** Why the last attempt failed. */
  lastError?: string;
  /** The size of `events` as JSON, in bytes: what the backlog bound counts. */
  bytes: number;
}

/** What to claim from a delivery queue. */
export interface ClaimOptions {
  /** The current time (epoch ms): leases that ran out by now are given back first. */
  now: number;
  /** Claim deliveries due at or before this time; `Infinity` claims every waiting one (flush). */
  dueBefore: number;
  /** At most this many. */
  limit: number;
  /** A claimed delivery that is neither completed nor rescheduled by this time is handed out again. */
  leaseUntil: number;
  /** Only deliveries to this callback URI; every URI when absent. */
  url?: string;
}

/** What the delivery queue holds: deliveries waiting or leased, and their events' bytes. */
export interface Backlog {
  deliveries: number;
  bytes: number;
}

/**
 * Deliveries waiting for their callback receivers, one queue per callback URI. Claiming leases a
 * delivery to one instance, so instances sharing a store never deliver the same events at the same
 * time, and deliveries held by an instance that died are handed out again when their lease runs out.
 */
export interface DeliveryQueue {
  enqueue(delivery: PendingDelivery): Promise<void>;
  /** The earliest due deliveries (of one callback URI when `url` is given), leased until `leaseUntil`. */
  claim(options: ClaimOptions): Promise<PendingDelivery[]>;
  /** Callback URIs with a waiting delivery due by `dueBefore`, earliest due first, at most `limit`. */
  dueDestinations(now: number, dueBefore: number, limit: number): Promise<string[]>;
  /** The deliveries succeeded or were given up: forget them. */
  complete(ids: readonly string[]): Promise<void>;
  /** The attempt failed: store the updated deliveries and wait until their `dueAt`. */
  reschedule(deliveries: readonly PendingDelivery[]): Promise<void>;
  /** Deliveries waiting or leased. */
  size(): Promise<number>;
  /** Deliveries waiting or leased, and their bytes (at once when the queue is in this process). */
  backlog(): Backlog | Promise<Backlog>;
}
