import { describe, expect, it } from "vitest";
import { formatTable, median, perRoundRatio, round } from "../src/bench-case.js";

describe("bench figures", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(round(1.23456)).toBe(1.23);
    expect(round(1234.5, 0)).toBe(1235);
  });

  it("reports the median of per-round ratios, not the ratio of medians", () => {
    // Round 2 is a slow spell for both: per round the case is 1.2x, 1.25x, 1.1x its baseline.
    const ours = [12_000, 5_000, 11_000];
    const baseline = [10_000, 4_000, 10_000];
    expect(perRoundRatio(ours, baseline)).toBe(1.2);
    expect(round(median(ours) / median(baseline))).toBe(1.1);
    expect(() => perRoundRatio([1, 2], [1])).toThrow(RangeError);
  });

  it("prints one aligned row per case, with the goal and whether it is met", () => {
    const table = formatTable([
      { name: "a case", metrics: { reqPerSec: 100, p99Ms: 4 }, ratio: { value: 1.2, goal: ">= 1.1x", ok: true } },
      { name: "another, longer case", metrics: { x: "y" }, ratio: { value: 0.5, goal: ">= 0.75x", ok: false } },
      { name: "baseline", metrics: { reqPerSec: 90 } },
    ]);
    const lines = table.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^case\s+figures\s+ratio\s+goal$/);
    expect(lines[2]).toMatch(/^a case\s+reqPerSec=100 p99Ms=4\s+1\.2\s+>= 1\.1x\s+ok$/);
    expect(lines[3]).toMatch(/^another, longer case\s+x=y\s+0\.5\s+>= 0\.75x\s+MISSED$/);
    expect(lines[4]).toMatch(/^baseline\s+reqPerSec=90$/);
    // Columns line up: every figures column starts where the header's does.
    const at = lines[0]!.indexOf("figures");
    expect(lines[2]!.indexOf("reqPerSec")).toBe(at);
    expect(lines[4]!.indexOf("reqPerSec")).toBe(at);
  });
});
