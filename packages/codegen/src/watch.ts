import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import path from "node:path";
import { inputsHash, writeStamp } from "../bin/stamp.mjs";
import { OWNED_DIRS } from "./artifacts.js";
import { CallMemo, useCallMemo } from "./call-memo.js";
import { formatProblem, SpecCompileError } from "./compile-spec.js";
import { generateAndLint } from "./generate.js";
import { writeCachedGeneration } from "./generation-cache.js";
import { formatFinding } from "./lint/findings.js";
import { LintMemo } from "./lint-memo.js";
import { applyDrift, findDrift } from "./outputs.js";
import { preloadTools } from "./tools.js";

const DEBOUNCE_MS = 60;

/**
 * One regeneration, summarised on one line. Like `pnpm generate`, it leaves the stamp and the
 * cached generation behind, so a `pnpm generate` or `--check` after it answers without the tools.
 * With the watcher's `lintMemo`, Spectral lints only the documents the save changed.
 */
export async function regenerateOnce(root: string, changed: string[], lintMemo?: LintMemo): Promise<string> {
  const started = performance.now();
  const what = changed.length ? changed.join(", ") : "start";
  try {
    const inputs = inputsHash(root);
    const generation = await generateAndLint(root, lintMemo ? { lintMemo } : {});
    const { files, findings, formatting } = generation;
    const drift = await findDrift(root, files, OWNED_DIRS);
    await applyDrift(root, files, drift);
    await writeCachedGeneration(root, inputs, generation);
    const problems = [...formatting.map(formatProblem), ...findings.map(formatFinding)];
    if (!problems.length)
      writeStamp(
        root,
        files.map((f) => f.path),
        inputs,
      );
    const ms = Math.round(performance.now() - started);
    const rewrote = drift.length ? `rewrote ${drift.map((d) => d.path).join(", ")}` : "outputs unchanged";
    const lint = problems.length ? `; ${problems.length} lint finding(s), first: ${problems[0]}` : "";
    return `${time()} ${what} → ${rewrote}${lint} (${ms} ms)`;
  } catch (error) {
    if (!(error instanceof SpecCompileError)) throw error;
    const [first, ...rest] = error.problems;
    return `${time()} ${what} → compile error ${formatProblem(first!)}${rest.length ? ` (+${rest.length} more)` : ""}`;
  }
}

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

/** `pnpm generate --watch`: regenerates on every save under spec/ until interrupted. */
export async function watchSpec(root: string): Promise<number> {
  const specDir = path.join(root, "spec");
  preloadTools(root);
  // What the previous run computed for unchanged inputs is reused: Spectral's findings per
  // document, and the tools' results per call (one api-version's types and validators).
  const lintMemo = new LintMemo();
  const callMemo = new CallMemo();
  useCallMemo(callMemo);
  console.log(await regenerateOnce(root, [], lintMemo));
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
          console.log(await regenerateOnce(root, changed, lintMemo));
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
  useCallMemo(undefined);
  return 0;
}
