import { describe, expect, it } from "vitest";
import { AzureKeyCredential, CallAutomationClient, CallAutomationError, createRawClient } from "../src/index.js";
import { backoffDelay, DEFAULT_RETRY_OPTIONS, retryAfterMs } from "../src/retry-policy.js";
import { accepted, recordingFetch, status } from "./support/recording-fetch.js";

const ENDPOINT = "https://contoso.communication.azure.com";
const KEY = new AzureKeyCredential(Buffer.from("0123456789abcdef0123456789abcdef").toString("base64"));
const TARGET = { targetParticipant: { kind: "phoneNumber", phoneNumber: { value: "+14255550123" } } };
const FAST = { retryDelayInMs: 1, maxRetryDelayInMs: 50 };

function client(fetch: ReturnType<typeof recordingFetch>, extra: Record<string, unknown> = {}) {
  return new CallAutomationClient(ENDPOINT, KEY, { fetch, retryOptions: FAST, ...extra });
}

describe("retries of the transfer call", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i and repeats the same repeatability headers", async (code) => {
    const fetch = recordingFetch((_, attempt) => (attempt < 2 ? status(code) : accepted()));
    const result = await client(fetch).transferToParticipant("c1", TARGET);
    expect(result.response.status).toBe(202);
    expect(fetch.requests).toHaveLength(3);
    const ids = new Set(fetch.requests.map((r) => r.headers.get("repeatability-request-id")));
    const firstSent = new Set(fetch.requests.map((r) => r.headers.get("repeatability-first-sent")));
    expect(ids.size).toBe(1);
    expect(firstSent.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.requestId).toBe([...ids][0]);
    // One logical call, one body: every attempt sends the same bytes.
    expect(new Set(fetch.requests.map((r) => Buffer.from(r.body).toString())).size).toBe(1);
  });

  it.each([400, 401, 403, 404, 409, 501])("does not retry %i", async (code) => {
    const fetch = recordingFetch(() => status(code));
    const result = await client(fetch).transferToParticipant("c1", TARGET);
    expect(result.response.status).toBe(code);
    expect(fetch.requests).toHaveLength(1);
  });

  it("gives each logical call its own repeatability id", async () => {
    const fetch = recordingFetch(() => accepted());
    const c = client(fetch);
    await c.transferToParticipant("c1", TARGET);
    await c.transferToParticipant("c1", TARGET);
    expect(fetch.requests[0]!.headers.get("repeatability-request-id")).not.toBe(
      fetch.requests[1]!.headers.get("repeatability-request-id"),
    );
  });

  it("uses the caller's repeatability values on every attempt", async () => {
    const fetch = recordingFetch((_, attempt) => (attempt === 0 ? status(503) : accepted()));
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const firstSent = new Date("2024-09-15T10:00:00Z");
    await client(fetch).transferToParticipant("c1", TARGET, {
      repeatabilityRequestId: id,
      repeatabilityFirstSent: firstSent,
    });
    for (const r of fetch.requests) {
      expect(r.headers.get("repeatability-request-id")).toBe(id);
      expect(r.headers.get("repeatability-first-sent")).toBe("Sun, 15 Sep 2024 10:00:00 GMT");
    }
  });

  it("stops after maxRetries and returns the last answer", async () => {
    const fetch = recordingFetch(() =>
      status(503, {}, JSON.stringify({ error: { code: "ServiceUnavailable", message: "busy" } })),
    );
    const result = await client(fetch, { retryOptions: { ...FAST, maxRetries: 2 } }).transferToParticipant(
      "c1",
      TARGET,
    );
    expect(fetch.requests).toHaveLength(3);
    expect(result.error?.error.code).toBe("ServiceUnavailable");
  });

  it("retries network errors, then reports a typed NetworkError when they persist", async () => {
    const flaky = recordingFetch((_, attempt) => (attempt === 0 ? new TypeError("fetch failed") : accepted()));
    expect((await client(flaky).transferToParticipant("c1", TARGET)).response.status).toBe(202);
    expect(flaky.requests).toHaveLength(2);

    const down = recordingFetch(() => new TypeError("fetch failed"));
    const failure = await client(down)
      .transferToParticipant("c1", TARGET)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CallAutomationError);
    expect(failure).toMatchObject({ code: "NetworkError", status: undefined });
    expect((failure as CallAutomationError).cause).toBeInstanceOf(TypeError);
    expect((failure as CallAutomationError).requestId).toBe(down.requests[0]!.headers.get("repeatability-request-id"));
    expect(down.requests).toHaveLength(4);
  });

  it("times out a hanging attempt, retries it, and reports Timeout when every attempt hangs", async () => {
    const hang = (signal: AbortSignal | undefined) =>
      new Promise<Error>((resolve) => signal!.addEventListener("abort", () => resolve(signal!.reason as Error)));
    const once = recordingFetch((r, attempt) => (attempt === 0 ? hang(r.signal) : accepted()));
    expect((await client(once, { tryTimeoutInMs: 20 }).transferToParticipant("c1", TARGET)).response.status).toBe(202);

    const always = recordingFetch((r) => hang(r.signal));
    const failure = await client(always, { tryTimeoutInMs: 10, retryOptions: { ...FAST, maxRetries: 1 } })
      .transferToParticipant("c1", TARGET)
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: "CallAutomationError", code: "Timeout" });
    expect(always.requests).toHaveLength(2);
  });

  it("honours retry-after-ms and Retry-After, and stops when the wait asked for exceeds the cap", async () => {
    const short = recordingFetch((_, attempt) => (attempt === 0 ? status(429, { "retry-after-ms": "5" }) : accepted()));
    expect((await client(short).transferToParticipant("c1", TARGET)).response.status).toBe(202);

    const long = recordingFetch(() => status(429, { "retry-after": "120" }));
    const result = await client(long).transferToParticipant("c1", TARGET);
    expect(long.requests).toHaveLength(1);
    expect(result.response.status).toBe(429);
    expect(result.error?.error.code).toBe("UnexpectedResponse");
  });

  it("ignores a garbage Retry-After and falls back to backoff", async () => {
    const fetch = recordingFetch((_, attempt) =>
      attempt === 0 ? status(503, { "retry-after": "soon, maybe" }) : accepted(),
    );
    expect((await client(fetch).transferToParticipant("c1", TARGET)).response.status).toBe(202);
    expect(fetch.requests).toHaveLength(2);
  });

  it("aborts during the backoff wait without another attempt, rejecting with the signal's reason", async () => {
    const controller = new AbortController();
    const fetch = recordingFetch(() => {
      setTimeout(() => controller.abort(new Error("user gave up")), 5);
      return status(503);
    });
    const c = client(fetch, { retryOptions: { retryDelayInMs: 10_000, maxRetryDelayInMs: 60_000 } });
    await expect(c.transferToParticipant("c1", TARGET, { abortSignal: controller.signal })).rejects.toThrow(
      "user gave up",
    );
    expect(fetch.requests).toHaveLength(1);
  });

  it("does not send at all when the signal is already aborted", async () => {
    const fetch = recordingFetch(() => accepted());
    const signal = AbortSignal.abort(new Error("already"));
    await expect(client(fetch).transferToParticipant("c1", TARGET, { abortSignal: signal })).rejects.toThrow("already");
    expect(fetch.requests).toHaveLength(0);
  });

  it("retries a POST only when it carries repeatability headers (raw client)", async () => {
    const fetch = recordingFetch(() => status(503));
    const raw = createRawClient(client(fetch));
    const path = "/calling/callConnections/{callConnectionId}:transferToParticipant" as const;
    const base = {
      params: { path: { callConnectionId: "c1" }, query: { "api-version": "2026-03-12" as const } },
      body: TARGET,
    };
    await raw.POST(path, base);
    expect(fetch.requests).toHaveLength(1);
    await raw.POST(path, {
      ...base,
      params: {
        ...base.params,
        header: {
          "Repeatability-Request-ID": crypto.randomUUID(),
          "Repeatability-First-Sent": new Date().toUTCString(),
        },
      },
    });
    expect(fetch.requests).toHaveLength(1 + 4);
  });

  it("retries an idempotent GET through sendRequest", async () => {
    const fetch = recordingFetch((_, attempt) => (attempt === 0 ? status(502) : status(200)));
    const response = await client(fetch).sendRequest(new Request(`${ENDPOINT}/anything`));
    expect(response.status).toBe(200);
    expect(fetch.requests).toHaveLength(2);
  });

  it("lets a call override the client's retry options", async () => {
    const fetch = recordingFetch(() => status(503));
    await client(fetch).transferToParticipant("c1", TARGET, { retryOptions: { maxRetries: 0 } });
    expect(fetch.requests).toHaveLength(1);
  });
});

describe("retry timing rules", () => {
  it("backs off exponentially with jitter between half and all of the step, capped", () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, retryDelayInMs: 100, maxRetryDelayInMs: 1000 };
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(2, options, () => 0.5)).toBe(300);
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
  });

  it("reads Retry-After as seconds or any HTTP-date form, and retry-after-ms first", () => {
    const now = Date.parse("Sun, 06 Nov 1994 08:49:30 GMT");
    const h = (init: Record<string, string>) => new Headers(init);
    expect(retryAfterMs(h({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(h({ "retry-after": "Sun, 06 Nov 1994 08:49:37 GMT" }), now)).toBe(7000);
    expect(retryAfterMs(h({ "retry-after": "Sunday, 06-Nov-94 08:49:37 GMT" }), now)).toBe(7000);
    expect(retryAfterMs(h({ "retry-after": "Sun Nov  6 08:49:37 1994" }), now)).toBe(7000);
    expect(retryAfterMs(h({ "retry-after": "Sun, 06 Nov 1994 08:00:00 GMT" }), now)).toBe(0);
    expect(retryAfterMs(h({ "retry-after": "3", "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterMs(h({ "x-ms-retry-after-ms": "40" }), now)).toBe(40);
  });

  it("ignores garbage: the documented default is backoff", () => {
    for (const value of ["soon", "-1", "1.5", "Mon, 99 Foo 2024 99:99:99 GMT", "12:00:00", ""]) {
      expect(retryAfterMs(new Headers({ "retry-after": value }))).toBeUndefined();
    }
    expect(retryAfterMs(new Headers({ "retry-after-ms": "abc" }))).toBeUndefined();
  });
});
