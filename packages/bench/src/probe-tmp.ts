import { readFile } from "node:fs/promises";
import { autocannon } from "./cases/server.js";
import { loadOptions } from "./server/load.js";
import { bundleChild, childEnv, spawnServer } from "./server/spawn.js";

const [tool = "perf", ...targets] = process.argv.slice(2);
const child = await bundleChild();
for (const target of targets.length ? targets : ["bare", "fastify", "ours"]) {
  const out = `/tmp/probe-${tool}-${target}.txt`;
  const prefix =
    tool === "perf"
      ? ["perf", "stat", "-e", "task-clock,page-faults,context-switches", "-o", out]
      : ["strace", "-f", "-c", "-o", out];
  const server = await spawnServer(child, childEnv(target as never), { prefix, pinned: true });
  const load = loadOptions(server.port, true);
  await autocannon({ ...load, amount: 20000 });
  const before = await server.cpu();
  const r = await autocannon({ ...load, amount: 60000 });
  const after = await server.cpu();
  await server.exit();
  await new Promise((r) => setTimeout(r, 300));
  const n = r.requests.total;
  console.log(
    target,
    "req/s",
    Math.round(r.requests.average),
    "cpu us/req",
    ((after.user - before.user) / n).toFixed(1),
    "sys",
    ((after.system - before.system) / n).toFixed(1),
    "non2xx",
    r.non2xx,
  );
  console.log(
    (await readFile(out, "utf8"))
      .split("\n")
      .filter((l) => /page-faults|context|task-clock|total|writev|write|read|epoll|futex|madvise|mmap|munmap/.test(l))
      .join("\n"),
  );
}
