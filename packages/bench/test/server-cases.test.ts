import { describe, expect, it } from "vitest";
import { serverCases } from "../src/cases/server.js";

const run = (reqPerSec: number, cpuUsPerReq: number) => ({
  reqPerSec,
  p99Ms: 5,
  cpuUsPerReq,
  sysUsPerReq: 10,
  serverCoreUse: 0.99,
  loadCoreUse: 0.5,
  failed: 0,
});

describe("the server bench's table", () => {
  it("reports ours against bare node and Fastify as medians of per-round ratios, with the goals", () => {
    const samples = new Map([
      ["bare", [run(10_000, 50), run(5_000, 100), run(10_000, 50)]],
      ["barePlain", [run(12_000, 45), run(6_000, 90), run(12_000, 45)]],
      ["fastify", [run(8_000, 80), run(4_000, 160), run(8_000, 80)]],
      ["ours", [run(9_000, 70), run(4_600, 140), run(8_400, 75)]],
      ["oursPlain", [run(9_500, 60), run(4_000, 120), run(9_000, 62)]],
      ["fastifyPlain", [run(9_000, 70), run(4_500, 140), run(9_000, 70)]],
      ["oursOneVersion", [run(9_100, 68), run(4_700, 140), run(8_500, 70)]],
      ["oursUnsigned", [run(9_300, 65), run(4_800, 130), run(8_800, 70)]],
      ["oursUnsignedPlain", [run(9_900, 55), run(4_900, 110), run(9_500, 60)]],
    ]);
    const cases = serverCases(samples, true);
    const byName = (text: string) => cases.find((c) => c.name.includes(text))!;
    expect(byName("bare node:http").metrics).toMatchObject({
      reqPerSec: 10_000,
      rounds: 3,
      serverCoreUse: 0.99,
      loadCoreUse: 0.5,
      placement: expect.stringContaining("core 1"),
    });
    // Per round: 0.9, 0.92, 0.84 of bare; 1.125, 1.15, 1.05 of Fastify.
    expect(byName("HMAC + validation + repeatability").ratio).toEqual({
      value: 0.9,
      goal: ">= 0.75x bare node req/s",
      ok: true,
    });
    expect(byName("doing the same work").ratio).toEqual({ value: 1.13, goal: ">= 1.1x Fastify req/s", ok: true });
    // Without repeatability: 9,500/9,000, 4,000/4,500, 9,000/9,000 of Fastify: median 1.0, short of 1.1.
    expect(byName("without them").ratio).toMatchObject({ value: 1, ok: false });
    expect(byName("HMAC + validation + repeatability").metrics.cpuVsBare).toBe(1.4);
    expect(byName("bare node:http").metrics).toMatchObject({ plainReqPerSec: 12_000, plainCpuUsPerReq: 45 });
    // Without the repeatability headers, against bare node loaded the same way: 9,500/12,000, 4,000/6,000, 9,000/12,000.
    expect(byName("without repeatability headers vs bare").ratio).toMatchObject({ value: 0.75, ok: true });
    // The API's own work taken apart: per round 0.93, 0.96, 0.88 of bare without the HMAC check; without
    // either, 9,900/12,000, 4,900/6,000, 9,500/12,000 of bare loaded without the repeatability headers.
    expect(byName("without its HMAC check (repeatability").metrics).toMatchObject({
      reqPerSecVsBare: 0.93,
      cpuVsBare: 1.3,
    });
    expect(byName("without its HMAC check or repeatability").metrics).toMatchObject({
      reqPerSecVsBare: 0.82,
      cpuVsBare: 1.22,
    });
    // Every version against one, CPU per round: 70/68, 140/140, 75/70 → median 1.03, at the goal.
    expect(byName("single-version build").ratio).toEqual({
      value: 1.03,
      goal: "<= 1.03x the single-version build's CPU",
      ok: true,
    });
  });
});
