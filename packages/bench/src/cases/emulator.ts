import { type BenchCase, median, perRoundRatio, round } from "../bench-case.js";
import { BenchReceiver, rssMiB, transferLoad, until } from "../emulator/load.js";
import { type HttpLoadOptions, httpLoad } from "../load/http-load.js";
import { CONNECTIONS } from "../server/load.js";
import {
  bundleProgram,
  canPin,
  LOAD_CORE,
  pinProcess,
  type ServerChild,
  spawnServer,
  unpinProcess,
} from "../server/spawn.js";

const WARMUP_S = 2;
const DURATION_S = 5;
const ROUNDS = 3;
const SOAK_S = Number(process.env.BENCH_EMULATOR_SOAK_S ?? 60);
const LATENCY_S = 5;
/** How long, after the load stops, the events still on their way are waited for. */
const DRAIN_TIMEOUT_MS = 30_000;
const SETTLE_MS = 10_000;
const OUTAGE_TRANSFERS = 200;
const OUTAGE_S = 5;

type Target = "emulator" | "bare";

/** The emulator child; ioredis is CommonJS, so the ESM bundle gets a require for it. */
const bundle = () =>
  bundleProgram(new URL("../emulator/child.ts", import.meta.url), "emulator-child", {
    banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  });

interface Load {
  /** The operationContexts of the transfers answered 202. */
  accepted: Set<string>;
  errors: number;
  reqPerSec: number;
}

async function load(
  child: ServerChild,
  receiver: BenchReceiver,
  run: string,
  options: Pick<HttpLoadOptions, "durationS" | "amount" | "rate"> & { connections?: number },
  sentAt?: Map<string, number>,
): Promise<Load> {
  const accepted = new Set<string>();
  const result = await httpLoad({
    ...transferLoad(child.port, run, receiver.url, accepted, sentAt),
    connections: CONNECTIONS,
    ...options,
  });
  return {
    accepted,
    errors: result.non2xx + result.errors + result.timeouts,
    reqPerSec: round(result.reqPerSec, 0),
  };
}

/** How many of the accepted transfers' events the receiver got. */
function deliveredOf(receiver: BenchReceiver, accepted: Set<string>): number {
  let delivered = 0;
  for (const context of accepted) if (receiver.seen.has(context)) delivered += 1;
  return delivered;
}

/** Waits until the receiver has the event of every accepted transfer; answers whether it got them all. */
function drained(receiver: BenchReceiver, accepted: Set<string>, timeoutMs = DRAIN_TIMEOUT_MS): Promise<boolean> {
  return until(
    () => receiver.seen.size >= accepted.size && deliveredOf(receiver, accepted) === accepted.size,
    timeoutMs,
  );
}

interface CpuSample {
  cpuUsPerTransfer: number;
  reqPerSec: number;
  accepted: number;
  delivered: number;
  errors: number;
}

/** One fresh child: a warm-up, then DURATION_S at full load and its events' delivery, with its CPU time over both. */
async function measureCpu(module: string, target: Target, receiver: BenchReceiver, pinned: boolean) {
  const child = await spawnServer(module, { ...process.env, BENCH_EMULATOR_TARGET: target }, { pinned });
  try {
    receiver.seen.clear();
    const warm = await load(child, receiver, `${target}-warm`, { durationS: WARMUP_S });
    await drained(receiver, warm.accepted);
    receiver.seen.clear();
    const before = await child.cpu();
    const measured = await load(child, receiver, `${target}-cpu`, { durationS: DURATION_S });
    await drained(receiver, measured.accepted);
    const after = await child.cpu();
    const accepted = Math.max(measured.accepted.size, 1);
    return {
      cpuUsPerTransfer: round((after.user - before.user + after.system - before.system) / accepted, 1),
      reqPerSec: measured.reqPerSec,
      accepted: measured.accepted.size,
      delivered: deliveredOf(receiver, measured.accepted),
      errors: measured.errors,
    } satisfies CpuSample;
  } finally {
    await child.exit();
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!, 1);
}

export async function run(): Promise<BenchCase[]> {
  const module = await bundle();
  const pinned = canPin();
  if (pinned) pinProcess(process.pid, LOAD_CORE);
  const receiver = await BenchReceiver.start();
  try {
    const samples: Record<Target, CpuSample[]> = { emulator: [], bare: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const target of (r % 2 ? ["emulator", "bare"] : ["bare", "emulator"]) as Target[])
        samples[target].push(await measureCpu(module, target, receiver, pinned));
    }
    const figures = (target: Target) => ({
      cpuUsPerTransfer: median(samples[target].map((s) => s.cpuUsPerTransfer)),
      reqPerSec: median(samples[target].map((s) => s.reqPerSec)),
      accepted: samples[target].reduce((sum, s) => sum + s.accepted, 0),
      delivered: samples[target].reduce((sum, s) => sum + s.delivered, 0),
      errors: samples[target].reduce((sum, s) => sum + s.errors, 0),
    });
    const emulator = figures("emulator");
    const bare = figures("bare");
    // How much of the bare program's efficiency the emulator keeps: bare CPU / emulator CPU, per round.
    const cpuRatio = perRoundRatio(
      samples.bare.map((s) => s.cpuUsPerTransfer),
      samples.emulator.map((s) => s.cpuUsPerTransfer),
    );
    const allDelivered = emulator.delivered === emulator.accepted;

    const child = await spawnServer(module, { ...process.env, BENCH_EMULATOR_TARGET: "emulator" }, { pinned });
    try {
      // Latency at half the saturation rate measured above.
      const sentAt = new Map<string, number>();
      receiver.seen.clear();
      receiver.arrivals.clear();
      const rate = Math.max(1, Math.round(emulator.reqPerSec / 2));
      const warm = await load(child, receiver, "latency-warm", { durationS: WARMUP_S });
      await drained(receiver, warm.accepted);
      receiver.seen.clear();
      receiver.arrivals.clear();
      const paced = await load(child, receiver, "latency", { durationS: LATENCY_S, rate }, sentAt);
      await drained(receiver, paced.accepted);
      const latencies = [...paced.accepted].flatMap((context) => {
        const [sent, at] = [sentAt.get(context), receiver.arrivals.get(context)];
        return sent === undefined || at === undefined ? [] : [at - sent];
      });

      // Soak at full load, then RSS once the events are delivered and the process has been idle.
      receiver.seen.clear();
      const rssBefore = rssMiB(child.pid);
      const soak = await load(child, receiver, "soak", { durationS: SOAK_S });
      const rssAfter = rssMiB(child.pid);
      await drained(receiver, soak.accepted);
      const soakDelivered = deliveredOf(receiver, soak.accepted);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const rssSettled = rssMiB(child.pid);

      // A receiver outage right after the soak.
      receiver.seen.clear();
      await receiver.pause();
      const outage = await load(child, receiver, "outage", {
        amount: OUTAGE_TRANSFERS,
        rate: Math.ceil(OUTAGE_TRANSFERS / OUTAGE_S),
        connections: 4,
      });
      await receiver.resume();
      const back = performance.now();
      const recovered = await drained(receiver, outage.accepted, 60_000);
      const recoverySeconds = round((performance.now() - back) / 1000, 1);

      const placement = pinned ? "emulator on core 1, load + receiver on core 0" : "not pinned (taskset unavailable)";
      const settledOk = soak.errors === 0 && soakDelivered === soak.accepted.size && rssSettled <= rssBefore + 64;
      return [
        {
          name: "emulator: bare node:http same I/O (parse, 202, POST one-event array, keep-alive) (baseline)",
          metrics: { ...bare, placement },
        },
        {
          name: "emulator: CPU per transfer incl. its event's delivery vs the bare same-I/O program",
          metrics: { ...emulator, deliveredOfAccepted: `${emulator.delivered}/${emulator.accepted}` },
          ratio: {
            value: cpuRatio,
            goal: ">= 0.6x bare CPU efficiency, every event delivered",
            ok: cpuRatio >= 0.6 && allDelivered,
          },
        },
        {
          name: `emulator: request → event latency at half saturation (${rate}/s)`,
          metrics: {
            transfers: paced.accepted.size,
            delivered: latencies.length,
            p50Ms: percentile(latencies, 0.5),
            p99Ms: percentile(latencies, 0.99),
          },
        },
        {
          name: `emulator: soak, ${SOAK_S} s at full load`,
          metrics: {
            accepted: soak.accepted.size,
            delivered: soakDelivered,
            errors: soak.errors,
            reqPerSec: soak.reqPerSec,
            rssBeforeMiB: rssBefore,
            rssAfterMiB: rssAfter,
            rssSettledMiB: rssSettled,
          },
          ratio: {
            value: round(rssSettled - rssBefore, 0),
            goal: "0 errors, delivered = accepted, settled RSS <= start + 64 MiB",
            ok: settledOk,
          },
        },
        {
          name: `emulator: ${OUTAGE_S} s receiver outage after the soak (${OUTAGE_TRANSFERS} transfers)`,
          metrics: {
            accepted: outage.accepted.size,
            delivered: deliveredOf(receiver, outage.accepted),
            errors: outage.errors,
          },
          ratio: {
            value: recoverySeconds,
            goal: "nothing lost; all events within 10 s of the receiver's return",
            ok: recovered && deliveredOf(receiver, outage.accepted) === OUTAGE_TRANSFERS && recoverySeconds <= 10,
          },
        },
      ];
    } finally {
      await child.exit();
    }
  } finally {
    await receiver.close();
    if (pinned) unpinProcess(process.pid);
  }
}
