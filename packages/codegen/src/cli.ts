import { inputsHash, writeStamp } from "../bin/stamp.mjs";
import { OWNED_DIRS } from "./artifacts.js";
import { formatProblem, SpecCompileError } from "./compile-spec.js";
import { generateAndLint } from "./generate.js";
import { type CachedGeneration, readCachedGeneration, writeCachedGeneration } from "./generation-cache.js";
import { formatFinding } from "./lint/findings.js";
import { applyDrift, findDrift } from "./outputs.js";
import { preloadTools } from "./tools.js";
import { watchSpec } from "./watch.js";

export type Mode = "write" | "check" | "watch";

export interface RunOptions {
  /** Run every tool, even when a cached generation matches the inputs (`--force`). */
  force?: boolean;
}

/** Runs `pnpm generate` in the given mode and returns the process exit code. */
export async function main(root: string, mode: Mode, options: RunOptions = {}): Promise<number> {
  if (mode === "watch") return watchSpec(root);
  const started = performance.now();
  // Taken before generating: an edit made while this runs is not in what it writes.
  const inputs = inputsHash(root);
  let generation: CachedGeneration | undefined = options.force ? undefined : await readCachedGeneration(root, inputs);
  const cached = generation ? ", inputs unchanged: from the last run's cache" : "";
  try {
    if (!generation) {
      // The heavy tools' workers load while the compiler loads and runs on this thread.
      preloadTools(root);
      generation = await generateAndLint(root);
      await writeCachedGeneration(root, inputs, generation);
    }
  } catch (error) {
    if (error instanceof SpecCompileError) console.error(`generate: spec/ does not compile\n${error.message}`);
    else console.error(`generate: failed: ${(error as Error).stack ?? error}`);
    return 1;
  }
  const { files, findings, formatting } = generation;
  const drift = await findDrift(root, files, OWNED_DIRS);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const problems = [...formatting.map(formatProblem), ...findings.map(formatFinding)];

  if (mode === "check") {
    if (drift.length) {
      console.error(`generate --check: ${drift.length} generated file(s) out of date with spec/:`);
      for (const d of drift) console.error(`  ${d.kind.padEnd(7)} ${d.path}`);
      console.error("fix: run `pnpm generate` and commit the result (never edit generated files by hand)");
    }
    if (problems.length)
      console.error(`generate --check: ${problems.length} lint finding(s):\n  ${problems.join("\n  ")}`);
    if (drift.length || problems.length) return 1;
    console.log(
      `generate --check: ${files.length} generated files match spec/, 0 lint findings (${seconds} s${cached})`,
    );
    return 0;
  }

  await applyDrift(root, files, drift);
  const written = drift.filter((d) => d.kind !== "stale").map((d) => d.path);
  const removed = drift.filter((d) => d.kind === "stale").map((d) => d.path);
  console.log(
    `generate: ${files.length} files from spec/; wrote ${written.length}${written.length ? ` (${written.join(", ")})` : ""}` +
      `${removed.length ? `; removed ${removed.join(", ")}` : ""}; ${problems.length} lint findings (${seconds} s${cached})`,
  );
  if (problems.length) {
    console.error(`  ${problems.join("\n  ")}`);
    return 1;
  }
  writeStamp(
    root,
    files.map((f) => f.path),
    inputs,
  );
  return 0;
}
