import { describe, expect, it } from "vitest";
import { ReplayStore } from "../src/server/replay-store.js";

const response = (body: string) => ({ status: 202, headers: { "content-type": "application/json" }, body });

describe("the Fastify baseline's replay store", () => {
  it("claims a new id, reports it in progress, then replays it to the same request only", () => {
    const store = new ReplayStore(60_000, 10);
    expect(store.claim("id", "f", 0)).toEqual({ kind: "new" });
    expect(store.claim("id", "f", 1)).toEqual({ kind: "in-progress" });
    expect(store.claim("id", "g", 1)).toEqual({ kind: "conflict" });
    store.complete("id", response("a"));
    expect(store.claim("id", "f", 2)).toEqual({ kind: "replay", response: response("a") });
    expect(store.claim("id", "g", 2)).toEqual({ kind: "conflict" });
  });

  it("forgets an id after the TTL, and a released one at once", () => {
    const store = new ReplayStore(1000, 10);
    store.claim("id", "f", 0);
    store.complete("id", response("a"));
    expect(store.claim("id", "f", 999).kind).toBe("replay");
    expect(store.claim("id", "f", 1000)).toEqual({ kind: "new" });
    store.release("id");
    expect(store.claim("id", "f", 1001)).toEqual({ kind: "new" });
  });

  it("keeps at most maxEntries, dropping the oldest first", () => {
    const store = new ReplayStore(60_000, 3);
    for (const id of ["a", "b", "c", "d", "e"]) {
      store.claim(id, "f", 0);
      store.complete(id, response(id));
    }
    expect(store.size).toBe(3);
    expect(store.claim("e", "f", 0)).toEqual({ kind: "replay", response: response("e") });
    expect(store.claim("a", "f", 0)).toEqual({ kind: "new" });
  });
});
