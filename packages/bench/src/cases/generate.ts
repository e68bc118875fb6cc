import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type BenchCase, median, round } from "../bench-case.js";
import { repoRoot } from "../repo-root.js";

const exec = promisify(execFile);
const ROOT = repoRoot();
const BIN = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const RUNS = 5;

async function timed(file: string, args: string[]): Promise<number> {
  const started = performance.now();
  await exec(file, args, { cwd: ROOT });
  return (performance.now() - started) / 1000;
}

/**
 * The naive chain compiles into a scratch folder (the emitter's output dir is overridden, so the
 * committed documents are never touched) and runs openapi-typescript and Spectral on the committed
 * documents, which are what that compile produces after the callbacks step.
 *
 * `pnpm generate` (TypeSpec → OpenAPI → each package's generated code → lint, in one process)
 * against the naive chain of the same tools run as separate CLIs, alternating runs so both see the
 * same machine load (both warm: the codegen package's dist/ is built, as it is after the first
 * run); then a regenerate with nothing changed, a `--check` with unchanged inputs, and one first run.
 */
/** The committed documents of one OpenAPI version, one per api-version. */
const documents = (openapi: string) =>
  readdirSync(path.join(ROOT, "spec/openapi", openapi))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `spec/openapi/${openapi}/${f}`);

export async function run(): Promise<BenchCase[]> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "bench-generate-"));
  try {
    const naive = async () =>
      (await timed(BIN("tsp"), [
        "compile",
        "spec",
        "--option",
        `@typespec/openapi3.emitter-output-dir=${path.join(scratch, "tsp")}`,
      ])) +
      (await openApiTypescriptEach()) +
      (await timed(BIN("spectral"), [
        "lint",
        ...documents("3.0.0"),
        ...documents("3.1.0"),
        "--ruleset",
        ".spectral.yaml",
        "--quiet",
      ]));
    // openapi-typescript types one document per run: one run per api-version.
    const openApiTypescriptEach = async () => {
      let total = 0;
      for (const file of documents("3.0.0"))
        total += await timed(BIN("openapi-typescript"), [file, "-o", path.join(scratch, `${path.basename(file)}.ts`)]);
      return total;
    };
    const ours = () => timed(process.execPath, ["scripts/generate.mjs", "--force"]);
    const noChange = () => timed(process.execPath, ["scripts/generate.mjs"]);
    const check = () => timed(process.execPath, ["scripts/generate.mjs", "--check"]);

    await ours(); // build packages/codegen/dist if needed, and warm the file system cache for both
    await naive();
    const naiveTimes: number[] = [];
    const ourTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      naiveTimes.push(await naive());
      ourTimes.push(await ours());
    }
    const idle: number[] = [];
    for (let i = 0; i < RUNS; i++) idle.push(await noChange());
    // The last full run cached its generation: --check compares it with the working tree.
    const checks: number[] = [];
    for (let i = 0; i < RUNS; i++) checks.push(await check());
    // A first run after install builds packages/codegen/dist (esbuild, file by file) before it
    // works: measured once, after removing that build, which the next run reuses again.
    await rm(path.join(ROOT, "packages/codegen/dist"), { recursive: true, force: true });
    const firstRun = await ours();

    const ratio = median(ourTimes) / median(naiveTimes);
    return [
      {
        name: "generate: full run vs naive CLI chain",
        metrics: { generateS: round(median(ourTimes)), naiveChainS: round(median(naiveTimes)), runs: RUNS },
        ratio: { value: round(ratio), goal: "<= 0.5x naive chain", ok: ratio <= 0.5 },
      },
      {
        name: "generate: first run after install (builds packages/codegen/dist)",
        metrics: { seconds: round(firstRun), warmRunS: round(median(ourTimes)) },
      },
      {
        name: "generate: regenerate with nothing changed",
        metrics: { seconds: round(median(idle), 3), runs: RUNS },
        ratio: { value: round(median(idle), 3), goal: "<= 0.3 s", ok: median(idle) <= 0.3 },
      },
      {
        name: "generate --check with unchanged inputs (from the cached generation)",
        metrics: { seconds: round(median(checks), 3), runs: RUNS },
      },
    ];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
