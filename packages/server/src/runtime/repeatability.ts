import { hash } from "node:crypto";
import { apiError } from "./error-table.js";
import { parseImfFixdate } from "./http-date.js";
import type { RepeatabilityStore, StoredResponse } from "./repeatability-store.js";

/**
 * Azure's repeatable requests: a request carrying `Repeatability-Request-ID` (with the required
 * `Repeatability-First-Sent`) runs at most once while its record lives. A repeat with the same
 * request replays the stored response; the same id on a different request is refused (409);
 * concurrent duplicates wait for the first one and replay its answer. Responses say
 * `Repeatability-Result: accepted` (the request ran, or its stored response is replayed) or
 * `rejected` (the repeatability headers were refused). The id alone keys a record: it names one request
 * across the service, so reusing it for another operation is a different request (its method and path
 * are in the fingerprint) and gets 409 too.
 */

export interface RepeatabilitySettings {
  store: RepeatabilityStore;
  /** How long a finished request's response is kept for replay. */
  ttlMs: number;
  /** How long a running request holds its id before a retry may run it again. */
  leaseMs: number;
  /** How long a duplicate waits for the running original before getting 409 RequestInProgress. */
  waitMs: number;
  /** How far in the future Repeatability-First-Sent may be (clock skew). */
  clockSkewMs: number;
}

export const DEFAULT_REPEATABILITY_TTL_MS = 5 * 60_000;

export const REPEATABILITY_RESULT = "repeatability-result";

/** The checked repeatability headers of a request. */
export interface RepeatabilityHeaders {
  requestId: string;
  firstSent: Date;
}

/**
 * Checks the pair of headers (their formats were already validated against the spec). Returns
 * undefined when the request is not repeatable.
 */
export function readRepeatabilityHeaders(
  requestId: string | undefined,
  firstSent: string | undefined,
  settings: Pick<RepeatabilitySettings, "ttlMs" | "clockSkewMs">,
  now: number,
): RepeatabilityHeaders | undefined {
  if (requestId === undefined) return undefined;
  if (firstSent === undefined) throw apiError("firstSentMissing");
  const sentAt = parseImfFixdate(firstSent);
  if (sentAt === undefined) throw apiError("firstSentInvalid");
  if (sentAt > now + settings.clockSkewMs) throw apiError("firstSentInFuture");
  if (sentAt < now - settings.ttlMs) throw apiError("firstSentTooOld", { ttlMs: settings.ttlMs });
  return { requestId, firstSent: new Date(sentAt) };
}

/** Request-targets up to this length go into the fingerprint as they are; longer ones are hashed. */
const PLAIN_TARGET_MAX = 256;

/**
 * What makes two requests "the same": method, path and query, and the body bytes exactly as received
 * (by their SHA-256, which the HMAC check computes anyway; the body is never re-serialised). A retry
 * that sends the same id with byte-identical content replays; the same id with other bytes (even JSON
 * that means the same, such as reordered properties) is a different request and gets 409.
 *
 * Stores keep it for the TTL of every repeatable request and only compare it for equality, so it
 * stays small without costing a hash per request: the request-target as sent (the string node
 * already holds) when it is short, which it is for every route of this API; a longer target, which
 * only an odd client sends, is replaced by its SHA-256, so no record keeps more than a few hundred
 * characters. The two forms cannot collide: only the hashed one has a line break (no request-target does).
 */
export function requestFingerprint(method: string, pathAndQuery: string, bodySha256Base64: string): string {
  if (pathAndQuery.length <= PLAIN_TARGET_MAX) return `${method} ${pathAndQuery} ${bodySha256Base64}`;
  return `${method}\n${hash("sha256", pathAndQuery, "base64")} ${bodySha256Base64}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `execute` at most once for `key`, or replays its stored response. Responses with a status
 * below 500 are stored; a 5xx or a throw releases the key so that a retry runs again. A duplicate
 * that finds the original still running polls until it finishes or `waitMs` passes (then 409).
 */
export async function runRepeatable(
  settings: RepeatabilitySettings,
  key: string,
  fingerprint: string,
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  const { store, leaseMs, ttlMs } = settings;
  const deadline = Date.now() + settings.waitMs;
  let pause = 5;
  for (;;) {
    const claim = await store.claim(key, fingerprint, leaseMs);
    switch (claim.kind) {
      case "new": {
        let response: StoredResponse;
        try {
          response = await execute();
        } catch (error) {
          await store.release(key, claim.token);
          throw error;
        }
        if (response.status >= 500) await store.release(key, claim.token);
        else await store.complete(key, claim.token, response, ttlMs);
        return response;
      }
      case "done":
        return claim.response;
      case "mismatch":
        throw apiError("repeatabilityMismatch");
      case "in-flight":
        if (Date.now() >= deadline) throw apiError("requestInProgress");
        await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
        pause = Math.min(pause * 2, 100);
    }
  }
}
