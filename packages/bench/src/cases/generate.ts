import { execFile, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { copyRepo } from "@transfer-call/codegen/repo-copy";
import { type BenchCase, median, round } from "../bench-case.js";
import { repoRoot } from "../repo-root.js";

const exec = promisify(execFile);
const ROOT = repoRoot();
const BIN = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const RUNS = 5;
/** Saves the `--watch` case makes, and its goal for the median save-to-line time. */
const SAVES = 10;
const WATCH_GOAL_S = 1.5;

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

/** The line `--watch` prints once a run's lint is done. */
const LINT_LINE = /^\S+ lint: /;

/** One line of a spec file the watch case edits back and forth. */
interface WatchEdit {
  file: string;
  from: string;
  to: string;
}

/** A description every api-version's documents carry: each save changes all 14. */
const SHARED_EDIT: WatchEdit = {
  file: "spec/transfer.tsp",
  from: "The call connection id.",
  to: "The id of the call in progress.",
};
/** A description only the newest api-version has (`@added(Versions.v2026_03_12)`): each save changes 2 documents. */
const NEWEST_EDIT: WatchEdit = {
  file: "spec/custom-calling-context.tsp",
  from: "Details of a Teams Phone call, shown to the Teams agent the call reaches.",
  to: "Details of the Teams Phone call, shown to the Teams agent it reaches.",
};

interface WatchFigures {
  /** Save to the regenerated line, per save. */
  seconds: number[];
  /** The run time each regenerated line reports. */
  workMs: number[];
  /** Save to the lint line that follows it, per save. */
  lintSeconds: number[];
}

/**
 * `pnpm generate --watch`, as users start it, in a scratch copy: after its first run (and its
 * lint), SAVES one-line edits for each of `edits`, each edit alternating between its two texts so
 * that every save changes the output. Each figure is the time from the save to the line the
 * watcher prints for it once the files are written (the goal), and to the lint line that follows
 * it; the next save waits for that lint, so no save supersedes one. `workMs` are the run times the
 * regenerated lines themselves report (the rest is the file event, the debounce and the print).
 */
export async function watchSaves(edits: readonly WatchEdit[]): Promise<WatchFigures[]> {
  const { dir, dispose } = await copyRepo();
  // The root script users run. The copy borrows node_modules through a symlink, so pnpm's
  // check-and-install before a script is off: it would otherwise install into the real tree.
  const child = spawn("pnpm", ["--config.verify-deps-before-run=false", "generate", "--watch"], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: { text: string; at: number }[] = [];
  let buffer = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    const at = performance.now();
    for (const text of parts) lines.push({ text, at });
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const next = async (pattern: RegExp, from: number) => {
    for (let i = 0; i < 6000; i++) {
      const hit = lines.slice(from).find((l) => pattern.test(l.text));
      if (hit) return hit;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(
      `generate --watch printed no line matching ${pattern}:\n${lines.map((l) => l.text).join("\n")}\n${stderr}`,
    );
  };
  try {
    await next(/^watching spec\//, 0);
    await next(LINT_LINE, 0);
    const figures: WatchFigures[] = [];
    for (const edit of edits) {
      const file = path.join(dir, edit.file);
      const original = await readFile(file, "utf8");
      const edited = original.replace(edit.from, edit.to);
      if (edited === original) throw new Error(`${edit.file} no longer has the line this bench edits`);
      const escaped = edit.file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const seconds: number[] = [];
      const workMs: number[] = [];
      const lintSeconds: number[] = [];
      for (let i = 0; i < SAVES; i++) {
        await new Promise((r) => setTimeout(r, 300)); // let the previous run's writes settle
        const from = lines.length;
        const saved = performance.now();
        await writeFile(file, i % 2 === 0 ? edited : original);
        const line = await next(new RegExp(`${escaped} → `), from);
        if (!/→ rewrote /.test(line.text)) throw new Error(`save ${i + 1} did not regenerate: ${line.text}`);
        seconds.push((line.at - saved) / 1000);
        workMs.push(Number(/\((\d+) ms\); lint follows$/.exec(line.text)?.[1] ?? Number.NaN));
        const lint = await next(LINT_LINE, lines.indexOf(line) + 1);
        if (!/ lint: 0 finding/.test(lint.text)) throw new Error(`save ${i + 1} did not lint clean: ${lint.text}`);
        lintSeconds.push((lint.at - saved) / 1000);
      }
      figures.push({ seconds, workMs, lintSeconds });
    }
    // What the warm process wrote is what a fresh full run writes: --check --force regenerates
    // in memory with every tool and fails on any difference.
    await new Promise((r) => setTimeout(r, 300));
    await exec(process.execPath, ["scripts/generate.mjs", "--check", "--force"], { cwd: dir }).catch((error) => {
      throw new Error(`generate --watch left outputs a fresh run does not write:\n${error.stdout}${error.stderr}`);
    });
    return figures;
  } finally {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGINT"); // the group: pnpm and the generator it started
      await exited;
    }
    await dispose();
  }
}

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
    const [shared, newest] = await watchSaves([SHARED_EDIT, NEWEST_EDIT]);
    const watchRow = (name: string, figures: WatchFigures): BenchCase => {
      const value = median(figures.seconds);
      return {
        name,
        metrics: {
          medianS: round(value, 3),
          maxS: round(Math.max(...figures.seconds), 3),
          runMedianMs: median(figures.workMs),
          lintMedianS: round(median(figures.lintSeconds), 3),
          lintMaxS: round(Math.max(...figures.lintSeconds), 3),
          saves: SAVES,
        },
        ratio: { value: round(value, 3), goal: `<= ${WATCH_GOAL_S} s`, ok: value <= WATCH_GOAL_S },
      };
    };
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
      watchRow(
        "generate --watch: save of a line every api-version has, to its regenerated line (lint follows)",
        shared!,
      ),
      watchRow(
        "generate --watch: save of a line only the newest api-version has, to its regenerated line (lint follows)",
        newest!,
      ),
    ];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
