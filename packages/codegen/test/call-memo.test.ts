// The warm --watch reuses the previous run's tool results for the same arguments (src/call-memo.ts).
import { describe, expect, it } from "vitest";
import { CallMemo } from "../src/call-memo.js";

describe("CallMemo", () => {
  it("reuses the previous run's result for the same arguments, and computes new ones", async () => {
    const memo = new CallMemo();
    let computed = 0;
    const render = (doc: object) => memo.call("m", "render", [doc], async () => `#${++computed}`);
    expect(await render({ v: 1 })).toBe("#1");
    memo.nextRun();
    expect(await render({ v: 1 })).toBe("#1");
    expect(await render({ v: 2 })).toBe("#2");
    expect([memo.calls, memo.reused]).toEqual([2, 1]);
  });

  it("keeps only the previous run, and forgets failed calls", async () => {
    const memo = new CallMemo();
    let computed = 0;
    const render = (doc: object) => memo.call("m", "render", [doc], async () => `#${++computed}`);
    await render({ v: 1 });
    memo.nextRun();
    await render({ v: 2 });
    memo.nextRun();
    expect(await render({ v: 1 })).toBe("#3"); // two runs ago: computed again
    const failing = () => memo.call("m", "fail", [], () => Promise.reject(new Error("boom")));
    await expect(failing()).rejects.toThrow("boom");
    memo.nextRun();
    let retried = false;
    await memo.call("m", "fail", [], async () => (retried = true));
    expect(retried).toBe(true);
  });
});
