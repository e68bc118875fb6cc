// `pnpm profile:server [ours|bare|fastify] [--plain] [--unsigned] [--requests N] [--warmup N] [--functions]`:
// instructions per request on a bench server's main thread, counted by valgrind's callgrind. Unlike
// req/s and CPU time on this shared VM, the count barely moves with whatever else the machine does,
// so it shows changes of a few percent. The server is the bench child (scripts/bench/server.ts) under
// `valgrind --tool=callgrind`; after `--warmup` requests (default 8,000: valgrind slows V8's
// optimising compiler too) the counters are zeroed, `--requests` more are sent (default 10,000) and
// the counts dumped. `--plain` leaves the repeatability headers off; `--unsigned` starts the server
// without its HMAC check (the load stays signed), so two runs split off what the check costs.
// SHA-256 is counted apart: valgrind cannot run the CPU's SHA instructions, so OpenSSL's portable
// code runs instead, at many times the native instruction count. `--functions` adds the JavaScript
// functions with the most instructions (inclusive), named through node's `--perf-basic-prof` map.
// Needs valgrind (`apt-get install valgrind`).
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { autocannon, bundleChild, childEnv, loadOptions, type Target } from "./bench/server.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    plain: { type: "boolean", default: false },
    requests: { type: "string", default: "10000" },
    warmup: { type: "string", default: "8000" },
    functions: { type: "boolean", default: false },
    unsigned: { type: "boolean", default: false },
  },
});
const target = (positionals[0] ?? "ours") as Target;
if (!["ours", "bare", "fastify"].includes(target)) fail(`unknown server ${target}: use ours, bare or fastify`);
const requests = Number(values.requests);
const warmup = Number(values.warmup);
if (!(requests > 0) || !(warmup >= 0)) fail("--requests and --warmup take numbers");
try {
  execFileSync("valgrind", ["--version"], { stdio: "ignore" });
} catch {
  fail("valgrind is not installed: apt-get install valgrind");
}

const dir = await mkdtemp(path.join(os.tmpdir(), "server-callgrind-"));
try {
  const child = await bundleChild();
  const nodeFlags = values.functions ? ["--perf-basic-prof", "--interpreted-frames-native-stack"] : [];
  const server = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      "--separate-threads=yes",
      `--callgrind-out-file=${dir}/cg.%p`,
      process.execPath,
      ...nodeFlags,
      child,
    ],
    {
      env: childEnv(target, !values.unsigned),
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once("message", (m: { port: number }) => resolve(m.port));
    server.once("exit", (code) => reject(new Error(`the server exited with ${code} under valgrind`)));
  });
  const load = loadOptions(port, !values.plain);
  const check = (what: string, r: { non2xx: number; errors: number }) => {
    if (r.non2xx || r.errors) fail(`${what}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  };
  if (warmup) check("warm-up", await autocannon({ ...load, amount: warmup }));
  execFileSync("callgrind_control", ["-z", String(server.pid)], { stdio: "ignore" });
  check("measured load", await autocannon({ ...load, amount: requests }));
  execFileSync("callgrind_control", ["-d", String(server.pid)], { stdio: "ignore" });
  server.send("exit");
  await new Promise((resolve) => server.once("exit", resolve));

  // The dump is one file per thread, `cg.<pid>.1-<thread>`; thread 01 is the main (JavaScript) thread.
  const dumps = (await readdir(dir)).filter((f) => f.startsWith(`cg.${server.pid}.1-`)).sort();
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
      `(its compression function: ${k(sha256)}); other threads ${k(others.reduce((a, b) => a + b, 0))} (V8's compiler and GC helpers)`,
  );

  if (values.functions && dumps[0]) {
    const named = path.join(dir, "main.named");
    await writeFile(
      named,
      nameFunctions(
        await readFile(path.join(dir, dumps[0]), "utf8"),
        await readFile(`/tmp/perf-${server.pid}.map`, "utf8"),
      ),
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
    await rm(`/tmp/perf-${server.pid}.map`, { force: true });
  }
} finally {
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
