// Bench: the server stub's transfer endpoint against a bare node:http handler (the same I/O: parse,
// answer 202) and Fastify 5 doing the same work (the same JSON schemas, HMAC verifier and repeatable
// requests), each server in its own process pinned to one core, the load generator (load/http-load.ts)
// in this process pinned to the other. Every request is signed and carries a fresh
// Repeatability-Request-ID; bare node gets the same requests as each server it is compared with.
// Ours also runs as a single-version build (serving only the load's api-version), to show what
// per-version validation costs, and without its HMAC check and the repeatability headers, to show
// what each part of the API's own work costs against bare node.
import type { ServerTarget } from "../args.js";
import { type BenchCase, median, perRoundRatio, round } from "../bench-case.js";
import { httpLoad } from "../load/http-load.js";
import { CONNECTIONS, transferRequests } from "../server/load.js";
import { bundleChild, canPin, childEnv, LOAD_CORE, pinProcess, spawnServer, unpinProcess } from "../server/spawn.js";

// Servers are measured in their steady state: in a fresh process V8's optimising compiler works on
// background threads (counted in the process's CPU time) for the first seconds of load.
const WARMUP_S = 2;
const DURATION_S = 3;
/** Each server is measured this many times, interleaved with the others; figures are medians. */
const ROUNDS = 5;

interface Measured {
  reqPerSec: number;
  p99Ms: number;
  /** The server's CPU time per request, all threads, user and system. */
  cpuUsPerReq: number;
  /** The part of it spent in the kernel. */
  sysUsPerReq: number;
  /** The server's CPU time over the window's length: near 1 when the server, not the load, is the limit. */
  serverCoreUse: number;
  /** The load generator's (this process's) CPU time over the window's length. */
  loadCoreUse: number;
  failed: number;
}

/** Loads one server: a warm-up, then the measured window, with the server's CPU time over it. */
async function measure(childModule: string, { target, repeatable, signed }: PlannedServer, pinned: boolean) {
  const server = await spawnServer(childModule, childEnv(target, signed), { pinned });
  try {
    const load = { port: server.port, connections: CONNECTIONS, next: transferRequests(server.port, repeatable) };
    await httpLoad({ ...load, durationS: WARMUP_S });
    const before = await server.cpu();
    const loadBefore = process.cpuUsage();
    const started = performance.now();
    const result = await httpLoad({ ...load, durationS: DURATION_S });
    const windowUs = (performance.now() - started) * 1000;
    const loadCpu = process.cpuUsage(loadBefore);
    const after = await server.cpu();
    const requests = Math.max(1, result.responses);
    const systemUs = after.system - before.system;
    const serverUs = after.user - before.user + systemUs;
    return {
      reqPerSec: round(result.reqPerSec, 0),
      p99Ms: round(result.latencyMs.p99, 1),
      cpuUsPerReq: round(serverUs / requests, 1),
      sysUsPerReq: round(systemUs / requests, 1),
      serverCoreUse: round(serverUs / windowUs),
      loadCoreUse: round((loadCpu.user + loadCpu.system) / windowUs),
      failed: result.non2xx + result.errors + result.timeouts,
    } satisfies Measured;
  } finally {
    server.stop();
  }
}

/** One server of the plan: which, whether the load sends the repeatability headers, whether it checks signatures. */
interface PlannedServer {
  key: string;
  target: ServerTarget;
  repeatable: boolean;
  signed: boolean;
}

const planned = (key: string, target: ServerTarget, repeatable = true, signed = true): PlannedServer => ({
  key,
  target,
  repeatable,
  signed,
});

const PLAN: readonly PlannedServer[] = [
  planned("bare", "bare"),
  planned("barePlain", "bare", false),
  planned("fastify", "fastify"),
  planned("ours", "ours"),
  planned("oursPlain", "ours", false),
  planned("fastifyPlain", "fastify", false),
  planned("oursOneVersion", "ours-one-version"),
  planned("oursUnsigned", "ours", true, false),
  planned("oursUnsignedPlain", "ours", false, false),
];

/** The table rows for the samples of every server, ROUNDS of each, in PLAN's keys. */
export function serverCases(samples: ReadonlyMap<string, readonly Measured[]>, pinned: boolean): BenchCase[] {
  const runs = (key: string) => samples.get(key) ?? [];
  const figures = (key: string) => ({
    reqPerSec: median(runs(key).map((m) => m.reqPerSec)),
    p99Ms: median(runs(key).map((m) => m.p99Ms)),
    cpuUsPerReq: median(runs(key).map((m) => m.cpuUsPerReq)),
    sysUsPerReq: median(runs(key).map((m) => m.sysUsPerReq)),
    serverCoreUse: median(runs(key).map((m) => m.serverCoreUse)),
    loadCoreUse: median(runs(key).map((m) => m.loadCoreUse)),
    failed: runs(key).reduce((sum, m) => sum + m.failed, 0),
    rounds: runs(key).length,
  });
  const ratio = (key: string, baseline: string, figure: (m: Measured) => number) =>
    perRoundRatio(runs(key).map(figure), runs(baseline).map(figure));
  const reqPerSec = (m: Measured) => m.reqPerSec;
  const cpu = (m: Measured) => m.cpuUsPerReq;
  const placement = pinned ? "server on core 1, load on core 0" : "not pinned (taskset unavailable)";
  // Each against bare node loaded with the same requests: with or without the repeatability headers.
  const bareFor = (key: string) => (PLAN.find((p) => p.key === key)?.repeatable === false ? "barePlain" : "bare");
  const vsBare = (key: string) => ratio(key, bareFor(key), reqPerSec);
  const cpuVsBare = (key: string) => ratio(key, bareFor(key), cpu);
  const vsFastify = (key: string, baseline: string) => ratio(key, baseline, reqPerSec);
  return [
    {
      name: "server: bare node:http parse + 202 (baseline; plain: loaded without the repeatability headers)",
      metrics: {
        ...figures("bare"),
        plainReqPerSec: figures("barePlain").reqPerSec,
        plainCpuUsPerReq: figures("barePlain").cpuUsPerReq,
        placement,
      },
    },
    {
      name: "server: Fastify 5, JSON-schema route + HMAC hook + repeatability over a Map (baseline)",
      metrics: figures("fastify"),
    },
    {
      name: "server: transfer endpoint (HMAC + validation + repeatability, fresh id per request) vs bare node",
      metrics: { ...figures("ours"), cpuVsBare: cpuVsBare("ours") },
      ratio: { value: vsBare("ours"), goal: ">= 0.75x bare node req/s", ok: vsBare("ours") >= 0.75 },
    },
    {
      name: "server: transfer endpoint vs Fastify 5 doing the same work (repeatability, fresh id per request)",
      metrics: { cpuVsFastify: ratio("ours", "fastify", cpu) },
      ratio: {
        value: vsFastify("ours", "fastify"),
        goal: ">= 1.1x Fastify req/s",
        ok: vsFastify("ours", "fastify") >= 1.1,
      },
    },
    {
      name: "server: transfer endpoint without repeatability headers vs bare node",
      metrics: { ...figures("oursPlain"), cpuVsBare: cpuVsBare("oursPlain") },
      ratio: { value: vsBare("oursPlain"), goal: ">= 0.75x bare node req/s", ok: vsBare("oursPlain") >= 0.75 },
    },
    {
      name: "server: transfer endpoint without repeatability headers vs Fastify 5 without them",
      metrics: { ...figures("fastifyPlain"), cpuVsFastify: ratio("oursPlain", "fastifyPlain", cpu) },
      ratio: {
        value: vsFastify("oursPlain", "fastifyPlain"),
        goal: ">= 1.1x Fastify req/s",
        ok: vsFastify("oursPlain", "fastifyPlain") >= 1.1,
      },
    },
    {
      name: "server: transfer endpoint without its HMAC check (repeatability, fresh id per request) vs bare node",
      metrics: {
        ...figures("oursUnsigned"),
        cpuVsBare: cpuVsBare("oursUnsigned"),
        reqPerSecVsBare: vsBare("oursUnsigned"),
      },
    },
    {
      name: "server: transfer endpoint without its HMAC check or repeatability headers (routing, validation, serialisation) vs bare node",
      metrics: {
        ...figures("oursUnsignedPlain"),
        cpuVsBare: cpuVsBare("oursUnsignedPlain"),
        reqPerSecVsBare: vsBare("oursUnsignedPlain"),
      },
    },
    {
      name: "server: every api-version served vs a single-version build (only the load's api-version served), CPU per request",
      metrics: { oneVersionCpuUsPerReq: figures("oursOneVersion").cpuUsPerReq, rounds: runs("oursOneVersion").length },
      ratio: {
        value: ratio("ours", "oursOneVersion", cpu),
        goal: "<= 1.03x the single-version build's CPU",
        ok: ratio("ours", "oursOneVersion", cpu) <= 1.03,
      },
    },
  ];
}

export async function run(): Promise<BenchCase[]> {
  const child = await bundleChild();
  const pinned = canPin();
  if (pinned) pinProcess(process.pid, LOAD_CORE);
  try {
    const samples = new Map<string, Measured[]>(PLAN.map(({ key }) => [key, []]));
    // Interleaved rounds, every other one in reverse order: a slow spell on this shared machine hits
    // the servers of a round alike, and drift within a round evens out.
    for (let r = 0; r < ROUNDS; r++) {
      for (const server of r % 2 ? [...PLAN].reverse() : PLAN)
        samples.get(server.key)!.push(await measure(child, server, pinned));
    }
    return serverCases(samples, pinned);
  } finally {
    if (pinned) unpinProcess(process.pid);
  }
}
