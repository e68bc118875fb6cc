// `pnpm api:check --base <git-ref>`: one report on what a change to spec/ does to the API — Spectral
// findings, breaking changes against the base ref, generated-file drift, client bundle size.
// Exit 0 pass, 1 fail, 2 could not run. The policy is in run-check.ts.
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, USAGE, UsageError } from "./cli-options.js";
import { CannotRunError } from "./git-base.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Runs `pnpm api:check` with the given arguments and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`api:check: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const repo = path.resolve(options.root ?? root);
  const outputs = options.outputs.map((o) => ({ ...o, file: o.file && path.resolve(o.file) }));
  // Spectral resolves document paths (and .spectral.yaml `overrides`) against the working directory.
  process.chdir(repo);
  // Loaded here, not with this module: they import the generator's dist/, which the entry
  // (scripts/api-check.ts) builds first when it is missing or stale.
  const { runApiCheck } = await import("./run-check.js");
  const { renderReport } = await import("./report-formats.js");
  let report: Awaited<ReturnType<typeof runApiCheck>>;
  try {
    report = await runApiCheck({ root: repo, base: options.base, allowBreaking: options.allowBreaking });
  } catch (error) {
    if (!(error instanceof CannotRunError)) throw error;
    console.error(`api:check could not run (${error.reason}): ${error.message}`);
    return 2;
  }
  for (const { format, file } of outputs) {
    const text = renderReport(report, format);
    if (!file) {
      process.stdout.write(text);
      continue;
    }
    const target = file;
    await mkdir(path.dirname(target), { recursive: true });
    if (process.env.GITHUB_STEP_SUMMARY && target === path.resolve(process.env.GITHUB_STEP_SUMMARY))
      await appendFile(target, text);
    else await writeFile(target, text);
  }
  return report.exitCode;
}
