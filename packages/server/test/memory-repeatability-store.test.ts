import { describe, expect, it } from "vitest";
import { MemoryRepeatabilityStore, type StoredResponse } from "../src/index.js";

const response = (body: string) => ({ status: 202, headers: { "content-type": "application/json" }, body });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("MemoryRepeatabilityStore", () => {
  it("gives exactly one of many concurrent claims the key", async () => {
    const store = new MemoryRepeatabilityStore();
    const claims = await Promise.all(Array.from({ length: 50 }, () => store.claim("k", "f", 1000)));
    expect(claims.filter((c) => c.kind === "new")).toHaveLength(1);
    expect(claims.filter((c) => c.kind === "in-flight")).toHaveLength(49);
  });

  it("replays a completed response to the same fingerprint and refuses a different one", async () => {
    const store = new MemoryRepeatabilityStore();
    const claim = await store.claim("k", "f", 1000);
    if (claim.kind !== "new") throw new Error("expected new");
    await store.complete("k", claim.token, response("a"), 60_000);
    expect(await store.claim("k", "f", 1000)).toEqual({ kind: "done", response: response("a") });
    expect(await store.claim("k", "g", 1000)).toEqual({ kind: "mismatch" });
  });

  it("refuses a different fingerprint while the original runs", async () => {
    const store = new MemoryRepeatabilityStore();
    await store.claim("k", "f", 1000);
    expect(await store.claim("k", "g", 1000)).toEqual({ kind: "mismatch" });
  });

  it("frees the key on release, and on lease expiry when the holder vanished", async () => {
    const c = clock();
    const store = new MemoryRepeatabilityStore({ now: c.now });
    const first = await store.claim("k", "f", 1000);
    if (first.kind !== "new") throw new Error("expected new");
    await store.release("k", first.token);
    const second = await store.claim("k", "f", 1000);
    expect(second.kind).toBe("new");
    c.advance(1001);
    expect((await store.claim("k", "f", 1000)).kind).toBe("new");
  });

  it("ignores complete and release from a holder whose lease ran out and was taken over", async () => {
    const c = clock();
    const store = new MemoryRepeatabilityStore({ now: c.now });
    const stale = await store.claim("k", "f", 1000);
    c.advance(1001);
    const fresh = await store.claim("k", "f", 1000);
    if (stale.kind !== "new" || fresh.kind !== "new") throw new Error("expected new twice");
    await store.complete("k", stale.token, response("stale"), 60_000);
    await store.release("k", stale.token);
    expect(await store.claim("k", "f", 1000)).toEqual({ kind: "in-flight" });
    await store.complete("k", fresh.token, response("fresh"), 60_000);
    expect(await store.claim("k", "f", 1000)).toEqual({ kind: "done", response: response("fresh") });
  });

  it("expires completed records after their TTL", async () => {
    const c = clock();
    const store = new MemoryRepeatabilityStore({ now: c.now });
    const claim = await store.claim("k", "f", 1000);
    if (claim.kind !== "new") throw new Error("expected new");
    await store.complete("k", claim.token, response("a"), 5000);
    c.advance(4_999);
    expect((await store.claim("k", "f", 1000)).kind).toBe("done");
    c.advance(2);
    expect((await store.claim("k", "f", 1000)).kind).toBe("new");
  });

  it("stays within maxEntries however many requests pass, keeping running claims and the newest records", async () => {
    const store = new MemoryRepeatabilityStore({ maxEntries: 10 });
    const running = await store.claim("running", "f", 60_000);
    expect(running.kind).toBe("new");
    for (let i = 0; i < 1000; i++) {
      const claim = await store.claim(`k${i}`, "f", 1000);
      if (claim.kind === "new") await store.complete(`k${i}`, claim.token, response(String(i)), 60_000);
      expect(store.size).toBeLessThanOrEqual(11);
    }
    expect(await store.claim("running", "f", 1000)).toEqual({ kind: "in-flight" });
    expect(await store.claim("k999", "f", 1000)).toEqual({ kind: "done", response: response("999") });
    expect((await store.claim("k0", "f", 1000)).kind).toBe("new");
  });

  it("keeps its newest records while more requests run than maxEntries", () => {
    const store = new MemoryRepeatabilityStore({ maxEntries: 10 });
    // Twelve requests still running (long leases): more than maxEntries. Running claims do not push
    // completed records out.
    for (let i = 0; i < 12; i++) expect(store.claim(`running${i}`, "f", 60_000).kind).toBe("new");
    const done = store.claim("done", "f", 60_000);
    if (done.kind !== "new") throw new Error("expected new");
    store.complete("done", done.token, response("done"), 60_000);
    // Fewer new keys since than maxEntries: the record is still there, and every request still runs.
    for (let i = 0; i < 4; i++) expect(store.claim(`later${i}`, "f", 60_000).kind).toBe("new");
    expect(store.claim("done", "f", 1000)).toEqual({ kind: "done", response: response("done") });
    for (let i = 0; i < 12; i++) expect(store.claim(`running${i}`, "f", 1000)).toEqual({ kind: "in-flight" });
    expect(store.size).toBeLessThanOrEqual(10 + 12 + 4);
  });

  it("answers on the spot, and the same when awaited", async () => {
    const c = clock();
    const store = new MemoryRepeatabilityStore({ now: c.now });
    const claim = store.claim("k", "f", 1000);
    expect(claim.kind).toBe("new");
    expect(store.claim("k", "f", 1000)).toEqual({ kind: "in-flight" });
    expect(await store.claim("k", "g", 1000)).toEqual({ kind: "mismatch" });
    if (claim.kind !== "new") throw new Error("expected a new claim");
    store.complete("k", "not the token", response("forged"), 60_000);
    expect(store.claim("k", "f", 1000)).toEqual({ kind: "in-flight" });
    store.complete("k", claim.token, response("a"), 60_000);
    expect(await store.claim("k", "f", 1000)).toEqual({ kind: "done", response: response("a") });
    store.release("k", claim.token);
    expect(store.claim("k", "f", 1000)).toEqual({ kind: "done", response: response("a") });
    c.advance(60_001);
    const next = store.claim("k", "f", 1000);
    expect(next.kind).toBe("new");
    if (next.kind === "new") expect(next.token).not.toBe(claim.token);
  });

  it("replays exactly what was stored: any text, custom headers, large bodies", async () => {
    const store = new MemoryRepeatabilityStore();
    const stored: StoredResponse[] = [
      {
        status: 202,
        headers: { "content-type": "application/json" },
        body: '{"operationContext":"caf\u00e9 \u{1F4DE} \u65e5\u672c"}',
      },
      {
        status: 409,
        headers: { "content-type": "application/json", "retry-after": "1", "x-custom": "\u00ff" },
        body: "",
      },
      // A lone surrogate cannot travel as UTF-8; the record keeps it anyway.
      { status: 200, headers: { "content-type": "text/plain" }, body: "half a pair: \ud83d!" },
      // Large: kept whole.
      {
        status: 202,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ big: "x".repeat(300_000), more: "\u00e9".repeat(100_000) }),
      },
    ];
    for (const [i, response] of stored.entries()) {
      const claim = store.claim(`k${i}`, `f${i} \u00e9`, 1000);
      if (claim.kind !== "new") throw new Error("expected new");
      store.complete(`k${i}`, claim.token, response, 60_000);
    }
    for (const [i, response] of stored.entries()) {
      expect(store.claim(`k${i}`, `f${i} \u00e9`, 1000)).toEqual({ kind: "done", response });
      expect(store.claim(`k${i}`, `f${i} e`, 1000)).toEqual({ kind: "mismatch" });
    }
  });

  it("stores a reused header object as it is at each completion", () => {
    const store = new MemoryRepeatabilityStore();
    const headers: Record<string, string> = { "content-type": "application/json", "x-step": "1" };
    for (const step of ["1", "2"]) {
      headers["x-step"] = step;
      const claim = store.claim(`k${step}`, "f", 1000);
      if (claim.kind === "new") store.complete(`k${step}`, claim.token, { status: 202, headers, body: "" }, 60_000);
    }
    expect(store.claim("k1", "f", 1000)).toEqual({
      kind: "done",
      response: { status: 202, headers: { "content-type": "application/json", "x-step": "1" }, body: "" },
    });
    expect(store.claim("k2", "f", 1000)).toEqual({
      kind: "done",
      response: { status: 202, headers: { "content-type": "application/json", "x-step": "2" }, body: "" },
    });
  });

  it("keeps a frozen header object as it is, without a copy", () => {
    const store = new MemoryRepeatabilityStore();
    const headers = Object.freeze({ "content-type": "application/json" });
    const claim = store.claim("k", "f", 1000);
    if (claim.kind === "new") store.complete("k", claim.token, { status: 202, headers, body: "{}" }, 60_000);
    const replay = store.claim("k", "f", 1000);
    expect(replay).toEqual({ kind: "done", response: { status: 202, headers, body: "{}" } });
    expect(replay.kind === "done" && replay.response.headers).toBe(headers);
  });

  it("ignores the tokens of claims it dropped: on close, after a sweep, or released already", () => {
    const c = clock();
    const store = new MemoryRepeatabilityStore({ now: c.now });
    const beforeClose = store.claim("k", "f", 60_000);
    store.close();
    if (beforeClose.kind === "new") store.complete("k", beforeClose.token, response("stale"), 60_000);
    expect(store.size).toBe(0);
    expect(store.claim("k", "f", 1000).kind).toBe("new");

    // A claim whose lease ran out is swept once the running claims have doubled; its holder comes back late.
    const vanished = store.claim("vanished", "f", 1000);
    c.advance(1001);
    for (let i = 0; i < 64; i++) store.claim(`other${i}`, "f", 60_000);
    // The sweep dropped both claims whose lease ran out ("k" and "vanished").
    expect(store.size).toBe(64);
    if (vanished.kind === "new") store.complete("vanished", vanished.token, response("late"), 60_000);
    expect(store.claim("vanished", "f", 1000).kind).toBe("new");

    const released = store.claim("released", "f", 1000);
    if (released.kind !== "new") throw new Error("expected new");
    store.release("released", released.token);
    store.complete("released", released.token, response("after release"), 60_000);
    expect(store.claim("released", "f", 1000).kind).toBe("new");
  });

  it("completes a claim after newer records came and went, and ignores tokens it did not hand out", async () => {
    const store = new MemoryRepeatabilityStore({ maxEntries: 4 });
    const early = store.claim("early", "f", 60_000);
    if (early.kind !== "new") throw new Error("expected new");
    // Newer keys claimed and completed meanwhile.
    for (const key of ["a", "b"]) {
      const claim = store.claim(key, "f", 60_000);
      if (claim.kind === "new") store.complete(key, claim.token, response(key), 60_000);
    }
    store.complete("early", "forged", response("forged"), 60_000);
    store.complete("other key", early.token, response("wrong key"), 60_000);
    expect(store.claim("early", "f", 1000)).toEqual({ kind: "in-flight" });
    expect(store.claim("other key", "f", 1000).kind).toBe("new");
    store.complete("early", early.token, response("early"), 60_000);
    expect(store.claim("early", "f", 1000)).toEqual({ kind: "done", response: response("early") });
    // Completing twice changes nothing.
    store.complete("early", early.token, response("again"), 60_000);
    expect(store.claim("early", "f", 1000)).toEqual({ kind: "done", response: response("early") });
  });

  it("stays within maxBytes of records, however large the responses", () => {
    const store = new MemoryRepeatabilityStore({ maxBytes: 64 * 1024 });
    const running = store.claim("running", "f", 60_000);
    expect(running.kind).toBe("new");
    const body = "x".repeat(2000); // about 4 KB a record as UTF-16
    for (let i = 0; i < 200; i++) {
      const claim = store.claim(`k${i}`, "f", 60_000);
      if (claim.kind === "new") store.complete(`k${i}`, claim.token, response(body + i), 60_000);
      expect(store.bytes).toBeLessThanOrEqual(64 * 1024 + 4200);
    }
    expect(store.claim("k199", "f", 1000)).toEqual({ kind: "done", response: response(body + 199) });
    expect(store.claim("k0", "f", 1000).kind).toBe("new");
    // A running claim outlives the records dropped meanwhile.
    expect(store.claim("running", "f", 1000)).toEqual({ kind: "in-flight" });
    if (running.kind === "new") store.complete("running", running.token, response("late"), 60_000);
    expect(store.claim("running", "f", 1000)).toEqual({ kind: "done", response: response("late") });
  });

  it("drops claims whose holder vanished and records past their TTL, so idle keys do not pile up", () => {
    const c = clock();
    const store = new MemoryRepeatabilityStore({ now: c.now });
    for (let i = 0; i < 100; i++) store.claim(`vanished${i}`, "f", 1000);
    const done = store.claim("done", "f", 60_000);
    if (done.kind === "new") store.complete("done", done.token, response("done"), 5000);
    expect(store.size).toBe(101);
    c.advance(1001);
    // New claims: once the running claims have doubled since they were last looked through, the
    // vanished ones (lease run out) are dropped.
    for (let i = 0; i < 100; i++) store.claim(`fresh${i}`, "f", 60_000);
    expect(store.size).toBe(101);
    expect(store.claim("vanished0", "f", 1000).kind).toBe("new");
    c.advance(5000);
    // A completion drops the records whose TTL passed.
    const next = store.claim("next", "f", 1000);
    if (next.kind === "new") store.complete("next", next.token, response("next"), 5000);
    expect(store.claim("done", "f", 1000).kind).toBe("new");
    expect(store.claim("next", "f", 1000)).toEqual({ kind: "done", response: response("next") });
    expect(store.size).toBe(103);
  });

  it("drops the oldest completed records first when over maxEntries", () => {
    const store = new MemoryRepeatabilityStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c", "d"]) {
      const claim = store.claim(key, "f", 1000);
      if (claim.kind === "new") store.complete(key, claim.token, response(key), 60_000);
    }
    expect(store.claim("a", "f", 1000).kind).toBe("new");
    for (const key of ["b", "c", "d"])
      expect(store.claim(key, "f", 1000)).toEqual({ kind: "done", response: response(key) });
  });

  it("rejects a useless size", () => {
    expect(() => new MemoryRepeatabilityStore({ maxEntries: 1 })).toThrow(RangeError);
    expect(() => new MemoryRepeatabilityStore({ maxBytes: 0.5 })).toThrow(RangeError);
  });
});
