import { retryAfterMs } from "@transfer-call/client";
import { describe, expect, it } from "vitest";
import { Destination } from "../src/delivery/destination-state.js";
import { isPermanentFailure, nextBackoffMs, type RetryPolicy } from "../src/delivery/retry-policy.js";

const policy: RetryPolicy = {
  attemptTimeoutMs: 1_000,
  initialBackoffMs: 100,
  maxBackoffMs: 1_000,
  retryWindowMs: 10_000,
};

describe("retry policy", () => {
  it("doubles the backoff per attempt with equal jitter, capped at maxBackoffMs", () => {
    expect([1, 2, 3, 4, 5].map((a) => nextBackoffMs(policy, a, undefined, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => nextBackoffMs(policy, a, undefined, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it("follows the receiver's Retry-After, within the cap", () => {
    expect(nextBackoffMs(policy, 1, 300)).toBe(300);
    expect(nextBackoffMs(policy, 1, 60_000)).toBe(1_000);
  });

  // The client's parser reads receivers' answers too; its full rules are tested in the client package.
  it("reads a receiver's Retry-After as seconds or an HTTP-date, and ignores garbage", () => {
    const now = Date.parse("Sun, 06 Nov 1994 08:49:37 GMT");
    const answer = (init: Record<string, string>) => new Headers(init);
    expect(retryAfterMs(answer({ "retry-after": "2" }), now)).toBe(2_000);
    expect(retryAfterMs(answer({ "retry-after": "Sun, 06 Nov 1994 08:49:40 GMT" }), now)).toBe(3_000);
    expect(retryAfterMs(answer({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(answer({}), now)).toBeUndefined();
  });

  it("treats only 400, 410 and 413 as permanent", () => {
    expect([400, 410, 413].every(isPermanentFailure)).toBe(true);
    expect([401, 404, 408, 429, 500, 502, 503].some(isPermanentFailure)).toBe(false);
  });

  it("backs a destination off once per failed round: POSTs already in flight join the failure that overtook them", () => {
    const destination = new Destination("http://127.0.0.1:1/events");
    const now = 1_000_000;
    // Two POSTs start together, in the same round.
    const firstPost = destination.round;
    const secondPost = destination.round;
    const pause = destination.failed(firstPost, now, policy);
    expect(pause).toBeGreaterThanOrEqual(50);
    expect(pause).toBeLessThanOrEqual(100);
    // Begun in the same round, it fails with the first: same retry time, no second failure counted.
    expect(destination.failed(secondPost, now + 5, policy)).toBe(pause - 5);
    expect(destination.retryAt).toBe(now + pause);
    // The next POST starts in the new round; its failure is the second: 100–200 ms.
    const third = destination.failed(destination.round, now + pause, policy);
    expect(third).toBeGreaterThanOrEqual(100);
    expect(third).toBeLessThanOrEqual(200);
  });

  it("honours a longer Retry-After from a POST that joins a failure, and forgets the failures on success", () => {
    const destination = new Destination("http://127.0.0.1:1/events");
    const now = 1_000_000;
    const started = destination.round;
    destination.failed(started, now, policy);
    expect(destination.failed(started, now, policy, 700)).toBe(700);
    expect(destination.retryAt).toBe(now + 700);
    destination.succeeded();
    expect(destination.retryAt).toBe(0);
    expect(destination.idle).toBe(true);
    // A POST begun before the success and failing after it starts a new first round.
    expect(destination.failed(started, now + 800, policy)).toBeLessThanOrEqual(100);
  });
});
