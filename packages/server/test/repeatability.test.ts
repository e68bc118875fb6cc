import { afterEach, describe, expect, it } from "vitest";
import { MemoryRepeatabilityStore, type OperationHandlers, type RepeatabilityStore } from "../src/index.js";
import { TRANSFER_PATH, UPSTREAM_EXAMPLE } from "./support/scenarios.js";
import { ADAPTERS, memoryLogger, type TestServer } from "./support/servers.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function countingHandlers(options: { delayMs?: number; status?: number; throwFirst?: boolean } = {}) {
  const calls: string[] = [];
  const handlers: OperationHandlers = {
    async transferToParticipant(input) {
      calls.push(input.body.operationContext ?? "");
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (options.throwFirst && calls.length === 1) throw new Error("first attempt fails");
      if (options.status === 503) return { status: 503, body: { error: { code: "Busy", message: "try again" } } };
      return { status: 202, body: { operationContext: `${input.body.operationContext}#${calls.length}` } };
    },
  };
  return { calls, handlers };
}

function post(base: string, body: object, headers: Record<string, string>, path = TRANSFER_PATH) {
  return fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const id = () => crypto.randomUUID();
const sentNow = () => new Date().toUTCString();

for (const [adapter, serve] of Object.entries(ADAPTERS)) {
  describe(`repeatable requests (${adapter})`, () => {
    async function start(handlers: OperationHandlers, store?: RepeatabilityStore, ttlMs?: number) {
      const server = await serve({
        handlers,
        auth: false,
        logger: memoryLogger(),
        repeatability: { ...(store ? { store } : {}), ...(ttlMs ? { ttlMs } : {}) },
      });
      servers.push(server);
      return server;
    }

    it("replays the stored response to a repeat without running the handler again", async () => {
      const { calls, handlers } = countingHandlers();
      const server = await start(handlers);
      const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
      const first = await post(server.url, UPSTREAM_EXAMPLE, headers);
      const second = await post(server.url, UPSTREAM_EXAMPLE, headers);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(await second.json()).toEqual(await first.json());
      expect(first.headers.get("repeatability-result")).toBe("accepted");
      expect(second.headers.get("repeatability-result")).toBe("accepted");
      expect(calls).toHaveLength(1);
    });

    it("refuses the same id on a different request with 409 rejected", async () => {
      const { calls, handlers } = countingHandlers();
      const server = await start(handlers);
      const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
      await post(server.url, UPSTREAM_EXAMPLE, headers);
      const other = await post(server.url, { ...UPSTREAM_EXAMPLE, operationContext: "different" }, headers);
      expect(other.status).toBe(409);
      expect(other.headers.get("repeatability-result")).toBe("rejected");
      expect(await other.json()).toMatchObject({ error: { code: "Conflict", target: "Repeatability-Request-ID" } });
      expect(calls).toHaveLength(1);
    });

    it("compares requests by their bytes: the same JSON reordered, or another call connection, is a different request (409)", async () => {
      const { calls, handlers } = countingHandlers();
      const server = await start(handlers);
      const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
      const { operationContext, ...rest } = UPSTREAM_EXAMPLE as Record<string, unknown>;
      expect((await post(server.url, { ...rest, operationContext }, headers)).status).toBe(202);
      // Byte-identical: replayed.
      expect((await post(server.url, { ...rest, operationContext }, headers)).status).toBe(202);
      // The same meaning in other bytes (properties reordered): refused, never re-serialised to compare.
      expect((await post(server.url, { operationContext, ...rest }, headers)).status).toBe(409);
      const otherCall = TRANSFER_PATH.replace(/callConnections\/[^:]+:/, "callConnections/another-call:");
      expect(otherCall).not.toBe(TRANSFER_PATH);
      expect((await post(server.url, { ...rest, operationContext }, headers, otherCall)).status).toBe(409);
      expect(calls).toHaveLength(1);
    });
    it("runs concurrent duplicates exactly once and gives all of them the same answer", async () => {
      const { calls, handlers } = countingHandlers({ delayMs: 50 });
      const server = await start(handlers);
      const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
      const responses = await Promise.all(Array.from({ length: 8 }, () => post(server.url, UPSTREAM_EXAMPLE, headers)));
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
      const bodies = await Promise.all(responses.map((r) => r.json()));
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(calls).toHaveLength(1);
    });

    it("runs a request again after a thrown handler or a 5xx freed its id", async () => {
      const { calls, handlers } = countingHandlers({ throwFirst: true });
      const server = await start(handlers);
      const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
      expect((await post(server.url, UPSTREAM_EXAMPLE, headers)).status).toBe(500);
      expect((await post(server.url, UPSTREAM_EXAMPLE, headers)).status).toBe(202);
      expect(calls).toHaveLength(2);
    });

    it("runs requests without repeatability headers every time", async () => {
      const { calls, handlers } = countingHandlers();
      const server = await start(handlers);
      await post(server.url, UPSTREAM_EXAMPLE, {});
      const again = await post(server.url, UPSTREAM_EXAMPLE, {});
      expect(again.headers.get("repeatability-result")).toBeNull();
      expect(calls).toHaveLength(2);
    });

    it("forgets a record after its TTL (the store's clock moves on)", async () => {
      let now = Date.now();
      const store = new MemoryRepeatabilityStore({ now: () => now });
      const { calls, handlers } = countingHandlers();
      const server = await start(handlers, store, 60_000);
      const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
      await post(server.url, UPSTREAM_EXAMPLE, headers);
      now += 30_000;
      await post(server.url, UPSTREAM_EXAMPLE, headers);
      expect(calls).toHaveLength(1);
      now += 31_000;
      await post(server.url, UPSTREAM_EXAMPLE, headers);
      expect(calls).toHaveLength(2);
    });

    it("refuses a First-Sent older than the TTL or in the future, with 400 rejected", async () => {
      const { calls, handlers } = countingHandlers();
      const server = await start(handlers, undefined, 60_000);
      for (const firstSent of [new Date(Date.now() - 120_000), new Date(Date.now() + 3_600_000)]) {
        const response = await post(server.url, UPSTREAM_EXAMPLE, {
          "repeatability-request-id": id(),
          "repeatability-first-sent": firstSent.toUTCString(),
        });
        expect(response.status).toBe(400);
        expect(response.headers.get("repeatability-result")).toBe("rejected");
        expect((await response.json()).error.target).toBe("Repeatability-First-Sent");
      }
      expect(calls).toHaveLength(0);
    });

    it("refuses a First-Sent that is not an IMF-fixdate, naming the header", async () => {
      const { handlers } = countingHandlers();
      const server = await start(handlers);
      const response = await post(server.url, UPSTREAM_EXAMPLE, {
        "repeatability-request-id": id(),
        "repeatability-first-sent": new Date().toISOString(),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.target).toBe("Repeatability-First-Sent");
    });
  });
}

describe("repeatability across services sharing one store", () => {
  it("runs the handler once when two servers get the same id (the store decides)", async () => {
    const store = new MemoryRepeatabilityStore();
    const { calls, handlers } = countingHandlers({ delayMs: 30 });
    const a = await ADAPTERS["node:http"]({ handlers, auth: false, repeatability: { store } });
    const b = await ADAPTERS.fetch({ handlers, auth: false, repeatability: { store } });
    servers.push(a, b);
    const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
    const [x, y] = await Promise.all([post(a.url, UPSTREAM_EXAMPLE, headers), post(b.url, UPSTREAM_EXAMPLE, headers)]);
    expect([x.status, y.status]).toEqual([202, 202]);
    expect(calls).toHaveLength(1);
  });
});

/** A store that answers only through promises (as a shared store over the network does): the request handler awaits its answers. */
function asyncOnlyStore(): RepeatabilityStore {
  const inner = new MemoryRepeatabilityStore();
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
  return {
    claim: async (key, fingerprint, leaseMs) => later(await inner.claim(key, fingerprint, leaseMs)),
    complete: async (key, token, response, ttlMs) => later(await inner.complete(key, token, response, ttlMs)),
    release: async (key, token) => later(await inner.release(key, token)),
  };
}

describe("repeatability answers alike whether the store answers on the spot or through promises", () => {
  const stores = {
    "memory store (answers on the spot)": () => new MemoryRepeatabilityStore(),
    "promise-only store": asyncOnlyStore,
  };
  for (const [storeName, makeStore] of Object.entries(stores)) {
    for (const mode of ["sync", "async"] as const) {
      it(`${storeName}, ${mode} handler: runs once, replays, refuses a different request, frees the id after a throw`, async () => {
        const calls: string[] = [];
        const run = (context: string | undefined) => {
          calls.push(context ?? "");
          if (context === "throws") throw new Error("handler failed");
          return { status: 202 as const, body: { operationContext: `${context}#${calls.length}` } };
        };
        const handlers: OperationHandlers = {
          transferToParticipant:
            mode === "sync"
              ? (input) => run(input.body.operationContext)
              : async (input) => run(input.body.operationContext),
        };
        const server = await ADAPTERS["node:http"]({
          handlers,
          auth: false,
          logger: memoryLogger(),
          repeatability: { store: makeStore() },
        });
        servers.push(server);
        const headers = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
        const first = await post(server.url, UPSTREAM_EXAMPLE, headers);
        const again = await post(server.url, UPSTREAM_EXAMPLE, headers);
        expect([first.status, again.status]).toEqual([202, 202]);
        expect(await again.json()).toEqual(await first.json());
        expect(again.headers.get("repeatability-result")).toBe("accepted");
        expect(again.headers.get("x-ms-request-id")).not.toBe(first.headers.get("x-ms-request-id"));
        const other = await post(server.url, { ...UPSTREAM_EXAMPLE, operationContext: "different" }, headers);
        expect(other.status).toBe(409);
        expect(calls).toHaveLength(1);

        const failing = { "repeatability-request-id": id(), "repeatability-first-sent": sentNow() };
        const thrown = await post(server.url, { ...UPSTREAM_EXAMPLE, operationContext: "throws" }, failing);
        expect(thrown.status).toBe(500);
        expect(await thrown.json()).toMatchObject({ error: { code: "InternalServerError" } });
        expect((await post(server.url, { ...UPSTREAM_EXAMPLE, operationContext: "throws" }, failing)).status).toBe(500);
        expect(calls).toHaveLength(3);
      });
    }
  }
});

describe("request fingerprints", () => {
  const body = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

  it("tell requests apart by method, target and body hash, and stay short for any target", async () => {
    const { requestFingerprint } = await import("../src/runtime/repeatability.js");
    const target = `${TRANSFER_PATH}`;
    expect(requestFingerprint("POST", target, body)).toBe(requestFingerprint("POST", target, body));
    const variants = new Set([
      requestFingerprint("POST", target, body),
      requestFingerprint("PUT", target, body),
      requestFingerprint("POST", target.replace("api-version", "api-version=x&y"), body),
      requestFingerprint("POST", target, body.replace("47", "48")),
    ]);
    expect(variants.size).toBe(4);

    const long = `/calling/callConnections/${"a".repeat(5000)}:transferToParticipant?api-version=2024-09-15`;
    const hashed = requestFingerprint("POST", long, body);
    expect(hashed.length).toBeLessThan(100);
    expect(hashed).toBe(requestFingerprint("POST", long, body));
    expect(hashed).not.toBe(requestFingerprint("POST", long.replace("5000", "x").replace("aaaa", "aaab"), body));
    // A target that is itself the hash of a long one is still another request.
    const [, digest] = /^POST\n(\S+) /.exec(hashed)!;
    expect(requestFingerprint("POST", digest!, body)).not.toBe(hashed);
  });
});
