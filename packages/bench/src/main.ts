// `pnpm bench [case...]`: runs every bench case (or those named), each measuring its subject against a
// baseline in the same run, prints one table and writes bench-results.json at the repository root.
// The cases are this package's `cases/*.ts`.
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseBenchArgs } from "./args.js";
import { type BenchCase, type BenchModule, formatTable } from "./bench-case.js";
import { repoRoot } from "./repo-root.js";

const root = repoRoot();
const casesDir = fileURLToPath(new URL("./cases/", import.meta.url));
const modules = new Map<string, string>(
  readdirSync(casesDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => [f.slice(0, -3), path.join(casesDir, f)] as [string, string]),
);

let names: string[];
try {
  names = parseBenchArgs(process.argv.slice(2), [...modules.keys()].sort());
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exit(2);
}

const results: (BenchCase & { module: string })[] = [];
const failures: string[] = [];
for (const name of names) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = (await import(pathToFileURL(modules.get(name)!).href)) as BenchModule;
    for (const c of await mod.run()) results.push({ module: name, ...c });
  } catch (error) {
    failures.push(`${name}: ${(error as Error).stack ?? error}`);
  }
}

console.log(formatTable(results));
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
