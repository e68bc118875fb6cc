import { watch } from "node:fs";
import path from "node:path";
import { formatProblem, SpecCompileError } from "./compile-spec.js";
import { formatFinding } from "./lint-findings.js";
import { applyDrift, findDrift } from "./outputs.js";
import { generateAndLint } from "./pipeline.js";
import { preloadTools } from "./tools.mjs";
import { OWNED_DIRS } from "./steps.js";

const DEBOUNCE_MS = 60;

/** One regeneration, summarised on one line. */
export async function regenerateOnce(root: string, changed: string[]): Promise<string> {
  const started = performance.now();
  const what = changed.length ? changed.join(", ") : "start";
  try {
    const { files, findings, formatting } = await generateAndLint(root);
    const drift = await findDrift(root, files, OWNED_DIRS);
    await applyDrift(root, files, drift);
    const problems = [...formatting.map(formatProblem), ...findings.map(formatFinding)];
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

/** `pnpm generate --watch`: regenerates on every save under spec/ until interrupted. */
export async function watchSpec(root: string): Promise<number> {
  const specDir = path.join(root, "spec");
  preloadTools(root);
  console.log(await regenerateOnce(root, []));
  console.log(`watching spec/ (Ctrl-C to stop)`);
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = watch(specDir, { recursive: true }, (_event, file) => {
    if (!file || !file.endsWith(".tsp") && !file.endsWith("tspconfig.yaml")) return;
    pending.add(`spec/${file.split(path.sep).join("/")}`);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending].sort();
      pending.clear();
      running = running.then(async () => console.log(await regenerateOnce(root, changed)));
    }, DEBOUNCE_MS);
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      watcher.close();
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await running;
  return 0;
}
