import { hash } from "node:crypto";
import { ApiError, ErrorCodes } from "./api-error.js";
import { parseImfFixdate } from "./http-date.js";
import { isSyncStore, type RepeatabilityStore, type StoredResponse } from "./repeatability-store.js";
import { isThenable } from "./thenable.js";

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

function rejected(
  status: 400 | 409,
  code: string,
  message: string,
  target?: string,
  extra: Record<string, string> = {},
): ApiError {
  return new ApiError(status, code, message, {
    ...(target ? { target } : {}),
    headers: { [REPEATABILITY_RESULT]: "rejected", ...extra },
  });
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
  if (firstSent === undefined) {
    throw rejected(
      400,
      ErrorCodes.badRequest,
      "Repeatability-First-Sent is required when Repeatability-Request-ID is sent.",
      "Repeatability-First-Sent",
    );
  }
  const sentAt = parseImfFixdate(firstSent);
  if (sentAt === undefined) {
    throw rejected(
      400,
      ErrorCodes.invalidValue,
      "Repeatability-First-Sent must be an IMF-fixdate.",
      "Repeatability-First-Sent",
    );
  }
  if (sentAt > now + settings.clockSkewMs) {
    throw rejected(
      400,
      ErrorCodes.invalidValue,
      "Repeatability-First-Sent is in the future.",
      "Repeatability-First-Sent",
    );
  }
  if (sentAt < now - settings.ttlMs) {
    throw rejected(
      400,
      ErrorCodes.invalidValue,
      `Repeatability-First-Sent is older than the ${Math.round(settings.ttlMs / 1000)} s this service remembers requests for; send the request with new repeatability headers.`,
      "Repeatability-First-Sent",
    );
  }
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

function mismatch(): ApiError {
  return rejected(
    409,
    ErrorCodes.conflict,
    "This Repeatability-Request-ID was already used for a different request; send a new id for a new request.",
    "Repeatability-Request-ID",
  );
}

/**
 * Runs `execute` at most once for `key`, or replays. Responses with a status below 500 are stored;
 * a 5xx or a throw releases the key so that a retry runs again. With a store that answers
 * synchronously (the in-memory one) and a synchronous `execute`, the whole exchange settles without
 * a promise; otherwise it returns one.
 */
export function runRepeatable(
  settings: RepeatabilitySettings,
  key: string,
  fingerprint: string,
  execute: () => StoredResponse | Promise<StoredResponse>,
): StoredResponse | Promise<StoredResponse> {
  const store = settings.store;
  if (!isSyncStore(store)) return runRepeatableAsync(settings, key, fingerprint, execute, Date.now() + settings.waitMs);
  const claim = store.claimSync(key, fingerprint, settings.leaseMs);
  switch (claim.kind) {
    case "new": {
      const { token } = claim;
      const finish = (response: StoredResponse): StoredResponse => {
        if (response.status >= 500) store.releaseSync(key, token);
        else store.completeSync(key, token, response, settings.ttlMs);
        return response;
      };
      let result: StoredResponse | Promise<StoredResponse>;
      try {
        result = execute();
      } catch (error) {
        store.releaseSync(key, token);
        throw error;
      }
      if (!isThenable(result)) return finish(result);
      return result.then(finish, (error: unknown) => {
        store.releaseSync(key, token);
        throw error;
      });
    }
    case "done":
      return claim.response;
    case "mismatch":
      throw mismatch();
    case "in-flight":
      // Wait for the running original through the general path.
      return runRepeatableAsync(settings, key, fingerprint, execute, Date.now() + settings.waitMs);
  }
}

async function runRepeatableAsync(
  settings: RepeatabilitySettings,
  key: string,
  fingerprint: string,
  execute: () => StoredResponse | Promise<StoredResponse>,
  deadline: number,
): Promise<StoredResponse> {
  let pause = 5;
  for (;;) {
    const claim = await settings.store.claim(key, fingerprint, settings.leaseMs);
    switch (claim.kind) {
      case "new": {
        let response: StoredResponse;
        try {
          response = await execute();
        } catch (error) {
          await settings.store.release(key, claim.token);
          throw error;
        }
        if (response.status >= 500) await settings.store.release(key, claim.token);
        else await settings.store.complete(key, claim.token, response, settings.ttlMs);
        return response;
      }
      case "done":
        return claim.response;
      case "mismatch":
        throw mismatch();
      case "in-flight": {
        if (Date.now() >= deadline) {
          throw rejected(
            409,
            ErrorCodes.requestInProgress,
            "A request with this Repeatability-Request-ID is still being processed; retry later.",
            "Repeatability-Request-ID",
            {
              "retry-after": "1",
            },
          );
        }
        await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
        pause = Math.min(pause * 2, 100);
      }
    }
  }
}
