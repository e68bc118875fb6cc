// `pnpm bench [name...]`: runs every module in scripts/bench/ (or those named), each measuring
// its case against a baseline in the same run, prints one table and writes bench-results.json.
import { readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchCase, BenchModule } from "./bench/types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = path.join(root, "scripts/bench");
const only = process.argv.slice(2);
const modules = (await readdir(benchDir))
  .filter((f) => f.endsWith(".ts") && f !== "types.ts")
  .map((f) => f.slice(0, -3))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

const results: (BenchCase & { module: string })[] = [];
const failures: string[] = [];
for (const name of modules) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = (await import(path.join(benchDir, `${name}.ts`))) as BenchModule;
    for (const c of await mod.run()) results.push({ module: name, ...c });
  } catch (error) {
    failures.push(`${name}: ${(error as Error).stack ?? error}`);
  }
}

const rows = results.map((r) => [
  r.name,
  Object.entries(r.metrics)
    .map(([k, v]) => `${k}=${v}`)
    .join(" "),
  r.ratio ? `${r.ratio.value}` : "",
  r.ratio?.goal ?? "",
  r.ratio ? (r.ratio.ok ? "ok" : "MISSED") : "",
]);
const header = ["case", "figures", "ratio", "goal", ""];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join("  ")
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
for (const f of failures) console.error(`bench failed: ${f}`);

await writeFile(
  path.join(root, "bench-results.json"),
  `${JSON.stringify(
    { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results, failures },
    null,
    2,
  )}\n`,
);
console.log(
  `\nwrote bench-results.json (${results.length} cases${failures.length ? `, ${failures.length} modules failed` : ""})`,
);
if (failures.length) process.exitCode = 1;
