import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import path from "node:path";
import { inputsHash, writeStamp } from "../bin/stamp.mjs";
import { OWNED_DIRS } from "./artifacts.js";
import { CallMemo, useCallMemo } from "./call-memo.js";
import { formatProblem, SpecCompileError } from "./compile-spec.js";
import { FollowingLint } from "./following-lint.js";
import { type Generation, generateFiles, lintGeneration } from "./generate.js";
import { writeCachedGeneration } from "./generation-cache.js";
import { formatFinding } from "./lint/findings.js";
import { LintMemo } from "./lint-memo.js";
import { applyDrift, type Drift, findDrift } from "./outputs.js";
import { preloadTools } from "./tools.js";
import { OPENAPI_VERSIONS, type SpecDocuments } from "./types.js";

const DEBOUNCE_MS = 60;

/** What the warm process keeps between runs. */
interface WatchState {
  /** Spectral's findings per document text in the previous lint. */
  lintMemo: LintMemo;
  lints: FollowingLint;
}

/**
 * One regeneration: writes what changed and prints one line for it; then, once the lints of
 * earlier runs are done, lints (lint follows, see following-lint.ts) and prints the findings.
 * Like `pnpm generate`, a clean lint leaves the stamp and the cached generation behind, so a
 * `pnpm generate` or `--check` after it answers without the tools.
 */
async function regenerate(root: string, changed: string[], state: WatchState): Promise<void> {
  state.lints.supersede();
  const started = performance.now();
  const what = changed.length ? changed.join(", ") : "start";
  const inputs = inputsHash(root);
  let generation: Generation;
  let drift: Drift[];
  try {
    generation = await generateFiles(root);
    drift = await findDrift(root, generation.files, OWNED_DIRS);
    await applyDrift(root, generation.files, drift);
  } catch (error) {
    if (!(error instanceof SpecCompileError)) throw error;
    const [first, ...rest] = error.problems;
    console.log(
      `${time()} ${what} → compile error ${formatProblem(first!)}${rest.length ? ` (+${rest.length} more)` : ""}`,
    );
    return;
  }
  const ms = Math.round(performance.now() - started);
  const rewrote = drift.length ? `rewrote ${drift.map((d) => d.path).join(", ")}` : "outputs unchanged";
  console.log(`${time()} ${what} → ${rewrote} (${ms} ms); lint follows`);

  const { documents, files } = generation;
  let lintStarted = 0;
  state.lints
    .follow(
      () => {
        lintStarted = performance.now();
        return lintGeneration(root, documents, { lintMemo: state.lintMemo });
      },
      async ({ findings, formatting }) => {
        const problems = [...formatting.map(formatProblem), ...findings.map(formatFinding)];
        await writeCachedGeneration(root, inputs, { files, findings, formatting });
        if (!problems.length)
          writeStamp(
            root,
            files.map((f) => f.path),
            inputs,
          );
        const lintMs = Math.round(performance.now() - lintStarted);
        const linted = `${state.lintMemo.linted} of ${documentCount(documents)} documents linted`;
        // one write, so the findings arrive with their line
        console.log(
          [
            `${time()} lint: ${problems.length} finding(s) (${linted}, ${lintMs} ms)`,
            ...problems.map((p) => `  ${p}`),
          ].join("\n"),
        );
      },
    )
    .catch((error: Error) => console.error(`${time()} lint failed: ${error.stack ?? error}`));
}

/** How many documents a lint covers: every api-version's, in both OpenAPI versions. */
const documentCount = (documents: SpecDocuments) => documents.length * OPENAPI_VERSIONS.length;

function time(): string {
  return new Date().toISOString().slice(11, 19);
}

/**
 * Watches a directory and its subdirectories (all but `skip`), calling `onChange` with the path of
 * whatever changed, relative to `dir`. Each directory gets its own watcher, armed before this returns:
 * node 20's `recursive` option on Linux sets its watchers up asynchronously (and polls files), so a
 * save made just after "watching" was printed could be missed. Directories created later are added.
 */
function watchTree(dir: string, skip: (relative: string) => boolean, onChange: (relative: string) => void): () => void {
  const watchers = new Map<string, FSWatcher>();
  const add = (folder: string) => {
    if (watchers.has(folder) || skip(path.relative(dir, folder))) return;
    watchers.set(
      folder,
      watch(folder, (event, name) => {
        if (!name) return;
        const changed = path.join(folder, name.toString());
        if (event === "rename" && isDirectory(changed)) add(changed);
        onChange(path.relative(dir, changed));
      }),
    );
    for (const entry of readdirSync(folder, { withFileTypes: true }))
      if (entry.isDirectory()) add(path.join(folder, entry.name));
  };
  add(dir);
  return () => {
    for (const watcher of watchers.values()) watcher.close();
  };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `pnpm generate --watch`: regenerates on every save under spec/ until interrupted, printing a
 * line per save as soon as its files are written, and the lint's findings on a line after it.
 */
export async function watchSpec(root: string): Promise<number> {
  const specDir = path.join(root, "spec");
  preloadTools(root);
  // What the previous run computed for unchanged inputs is reused: Spectral's findings per
  // document, and the tools' results per call (one api-version's types and validators).
  const state: WatchState = { lintMemo: new LintMemo(), lints: new FollowingLint() };
  const callMemo = new CallMemo();
  useCallMemo(callMemo);
  await regenerate(root, [], state);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  // spec/openapi holds the emitted documents, which every run rewrites.
  const unwatch = watchTree(
    specDir,
    (relative) => relative === "openapi",
    (file) => {
      if (!file.endsWith(".tsp") && !file.endsWith("tspconfig.yaml")) return;
      pending.add(`spec/${file.split(path.sep).join("/")}`);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const changed = [...pending].sort();
        pending.clear();
        running = running.then(async () => {
          callMemo.nextRun();
          await regenerate(root, changed, state);
        });
      }, DEBOUNCE_MS);
    },
  );
  console.log(`watching spec/ (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      unwatch();
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await running;
  await state.lints.settled();
  useCallMemo(undefined);
  return 0;
}
