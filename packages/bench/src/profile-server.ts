// `pnpm profile:server [ours|ours-one-version|bare|fastify] [--plain] [--unsigned] [--requests N] [--warmup N] [--functions] [--threads]`:
// instructions per request on a bench server's main thread, counted by valgrind's callgrind. Unlike
// req/s and CPU time on this shared VM, the count barely moves with whatever else the machine does,
// so it shows changes of a few percent. The server is the bench child (server/child.ts) under
// `valgrind --tool=callgrind`; after `--warmup` requests (default 8,000: valgrind slows V8's
// optimising compiler too) the counters are zeroed, `--requests` more are sent (default 10,000) and
// the counts dumped. `--plain` leaves the repeatability headers off; `--unsigned` starts the server
// without its HMAC check (the load stays signed), so two runs split off what the check costs.
// SHA-256 is counted apart: valgrind cannot run the CPU's SHA instructions, so OpenSSL's portable
// code runs instead, at many times the native instruction count. `--functions` adds the JavaScript
// functions with the most instructions (inclusive, then self), named through node's `--perf-basic-prof` map.
// `--threads` prints every thread's count (V8's compiler and GC helper threads, libuv's pool), since
// process.cpuUsage in `pnpm bench server` counts them all.
// Needs valgrind (`apt-get install valgrind`).
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseProfileArgs } from "./args.js";
import { httpLoad } from "./load/http-load.js";
import { CONNECTIONS, transferRequests } from "./server/load.js";
import { bundleChild, childEnv, type ServerChild, spawnServer } from "./server/spawn.js";

let values: ReturnType<typeof parseProfileArgs>;
try {
  values = parseProfileArgs(process.argv.slice(2));
} catch (error) {
  fail((error as Error).message);
}
const { target, requests, warmup } = values;
try {
  execFileSync("valgrind", ["--version"], { stdio: "ignore" });
} catch {
  fail("valgrind is not installed: apt-get install valgrind");
}

const dir = await mkdtemp(path.join(os.tmpdir(), "server-callgrind-"));
let server: ServerChild | undefined;
try {
  const child = await bundleChild();
  const nodeFlags = values.functions ? ["--perf-basic-prof", "--interpreted-frames-native-stack"] : [];
  server = await spawnServer(child, childEnv(target, !values.unsigned), {
    prefix: ["valgrind", "--tool=callgrind", "--separate-threads=yes", `--callgrind-out-file=${dir}/cg.%p`],
    nodeFlags,
    quiet: true,
  });
  const { port, pid } = server;
  // Valgrind slows the server some fifty times: a generous timeout, so a busy machine fails no request.
  const load = { port, connections: CONNECTIONS, next: transferRequests(port, !values.plain), timeoutS: 120 };
  // The warm-up only has to warm up: a request lost to valgrind's slowness there changes no count.
  if (warmup) await httpLoad({ ...load, amount: warmup });
  execFileSync("callgrind_control", ["-z", String(pid)], { stdio: "ignore" });
  const measured = await httpLoad({ ...load, amount: requests });
  if (measured.non2xx || measured.errors)
    console.warn(
      `profile:server: ${measured.non2xx} non-2xx answers and ${measured.errors} errors in the measured load`,
    );
  execFileSync("callgrind_control", ["-d", String(pid)], { stdio: "ignore" });
  await server.exit();
  server = undefined;

  // The dump is one file per thread, `cg.<pid>.1-<thread>`; thread 01 is the main (JavaScript) thread.
  const dumps = (await readdir(dir)).filter((f) => f.startsWith(`cg.${pid}.1-`)).sort();
  const perThread = await Promise.all(
    dumps.map(async (f) => totalInstructions(await readFile(path.join(dir, f), "utf8")) / requests),
  );
  const [main = 0, ...others] = perThread;
  const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
  const sha256 = dumps[0] ? sha256Instructions(path.join(dir, dumps[0])) / requests : 0;
  const variant = [values.plain && "no repeatability headers", values.unsigned && "no HMAC check"]
    .filter(Boolean)
    .join(", ");
  console.log(
    `${target}${variant ? ` (${variant})` : ""}: ${k(main)} instructions per request on the main thread, ${k(main - sha256)} outside SHA-256 ` +
      `(its compression function: ${k(sha256)}); other threads ${k(others.reduce((a, b) => a + b, 0))} (V8's compiler and GC helpers); ` +
      `all threads ${k(main + others.reduce((a, b) => a + b, 0))}`,
  );
  if (values.threads)
    for (const [i, f] of dumps.entries())
      console.log(`  thread ${f.slice(f.lastIndexOf("-") + 1)}: ${k(perThread[i]!)}${i === 0 ? " (main)" : ""}`);

  if (values.functions && dumps[0]) {
    const named = path.join(dir, "main.named");
    await writeFile(
      named,
      nameFunctions(await readFile(path.join(dir, dumps[0]), "utf8"), await readFile(`/tmp/perf-${pid}.map`, "utf8")),
    );
    const annotated = execFileSync("callgrind_annotate", ["--inclusive=yes", "--threshold=99", named], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    console.log("\ninclusive instructions per request, JavaScript functions:");
    for (const line of annotated.split("\n")) {
      const m = /^\s*([\d,]+)\s+\([^)]*\)\s+\?\?\?:JS:(?:JS:)?(.*?)(?: \[\?\?\?\])?$/.exec(line);
      if (m)
        console.log(
          `${k(Number(m[1]!.replaceAll(",", "")) / requests).padStart(8)}  ${m[2]!.replace(`file://${child}`, "bench-child").slice(0, 110)}`,
        );
    }
    const selfCost = execFileSync("callgrind_annotate", ["--inclusive=no", "--threshold=100", named], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    console.log("\nself instructions per request, top functions (JavaScript and native):");
    let shown = 0;
    for (const line of selfCost.split("\n")) {
      const m = /^\s*([\d,]+)\s+\(([^)]*)\)\s+(.*)$/.exec(line);
      // The frames that were on the stack when the counters were zeroed (main, the event loop) show
      // the whole total as their own: they are not where the time goes.
      if (!m || shown >= 40 || m[2]!.trim() === "100.0%") continue;
      shown++;
      console.log(
        `${k(Number(m[1]!.replaceAll(",", "")) / requests).padStart(8)}  ${m[3]!.replace(`file://${child}`, "bench-child").slice(0, 110)}`,
      );
    }
    if (process.env.PROFILE_KEEP) await writeFile(process.env.PROFILE_KEEP, await readFile(named));
    await rm(`/tmp/perf-${pid}.map`, { force: true });
  }
} finally {
  server?.stop();
  await rm(dir, { recursive: true, force: true });
}

/** The instructions in OpenSSL's SHA-256 block functions (self cost), from a thread's dump. */
function sha256Instructions(dumpFile: string): number {
  const annotated = execFileSync("callgrind_annotate", ["--threshold=100", dumpFile], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  let total = 0;
  for (const line of annotated.split("\n")) {
    const m = /^\s*([\d,]+)\s+\([^)]*\)\s+\S*sha256_block/.exec(line);
    if (m) total += Number(m[1]!.replaceAll(",", ""));
  }
  return total;
}

function totalInstructions(dump: string): number {
  const m = /^(?:summary|totals): (\d+)/m.exec(dump);
  return m ? Number(m[1]) : 0;
}

/** Rewrites callgrind's hex names of JIT code (`fn=(12) 0x3f...`) to the function names in node's perf map. */
function nameFunctions(dump: string, perfMap: string): string {
  const entries = perfMap
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...name] = line.split(" ");
      return { start: parseInt(start!, 16), end: parseInt(start!, 16) + parseInt(size!, 16), name: name.join("_") };
    })
    .sort((a, b) => a.start - b.start);
  const lookup = (address: number) => {
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid]!.start <= address) lo = mid + 1;
      else hi = mid - 1;
    }
    const entry = entries[hi];
    return entry && address < entry.end ? entry.name : undefined;
  };
  return dump.replace(/^(c?fn)=\((\d+)\) (0x[0-9a-f]+)$/gm, (line, kind: string, id: string, hex: string) => {
    const name = lookup(parseInt(hex, 16));
    return name ? `${kind}=(${id}) JS:${name}` : line;
  });
}

function fail(message: string): never {
  console.error(`profile:server: ${message}`);
  process.exit(2);
}
