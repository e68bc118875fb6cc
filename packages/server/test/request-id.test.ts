import { describe, expect, it } from "vitest";
import { RequestIdSource } from "../src/runtime/request-id.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("are version-4 UUIDs, all different, from one source and between sources", () => {
    const a = new RequestIdSource();
    const b = new RequestIdSource();
    const ids = [...Array.from({ length: 1000 }, () => a.next()), ...Array.from({ length: 1000 }, () => b.next())];
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    // Two sources draw their own random part.
    expect(ids[0]!.slice(0, 24)).not.toBe(ids[1000]!.slice(0, 24));
  });
});
