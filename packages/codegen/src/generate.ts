import { openApiFiles, STEPS } from "./artifacts.js";
import { checkSpecFormatting, compileSpec, type SpecProblem } from "./compile-spec.js";
import type { LintFinding } from "./lint/findings.js";
import type { LintInput, LintMemo } from "./lint-memo.js";
import { rulesetFile, SPECTRAL } from "./tools.js";
import type { GeneratedFile, SpecDocuments } from "./types.js";
import { callInWorker } from "./workers.js";

export interface Generation {
  documents: SpecDocuments;
  files: GeneratedFile[];
}

/** Compiles the spec and runs every generation step, in memory. */
export async function generateFiles(root: string): Promise<Generation> {
  const documents = await compileSpec(root);
  return { documents, files: await runSteps(documents) };
}

/** Runs the generation steps concurrently (their heavy parts run in worker threads), in STEPS order. */
async function runSteps(documents: SpecDocuments): Promise<GeneratedFile[]> {
  return (await Promise.all(STEPS.map((step) => step.run(documents)))).flat();
}

export interface CheckedGeneration extends Generation {
  findings: LintFinding[];
  formatting: SpecProblem[];
}

/** What linting a generation found: Spectral's findings in the documents, `tsp format`'s in the spec. */
export type LintResult = Pick<CheckedGeneration, "findings" | "formatting">;

/**
 * Lints the compiled documents with Spectral (in its worker) and checks the spec's formatting
 * meanwhile on this thread. With a `lintMemo` (the warm `--watch`), only the documents whose
 * text changed since its previous run are linted.
 */
export async function lintGeneration(
  root: string,
  documents: SpecDocuments,
  options: { lintMemo?: LintMemo } = {},
): Promise<LintResult> {
  const texts = openApiFiles(documents).map((f) => ({ file: f.path, text: f.content }));
  const lint = (docs: LintInput[]) => callInWorker<LintFinding[]>(SPECTRAL, "lintDocuments", rulesetFile(root), docs);
  const linting = options.lintMemo ? options.lintMemo.lint(texts, lint) : lint(texts);
  const formatting = await checkSpecFormatting(root);
  return { findings: await linting, formatting };
}

/**
 * The whole generation with as much overlap as the work allows: once the spec compiles, Spectral
 * lints the documents while the steps generate code (lintGeneration).
 */
export async function generateAndLint(root: string): Promise<CheckedGeneration> {
  const documents = await compileSpec(root);
  const linting = lintGeneration(root, documents);
  const files = await runSteps(documents);
  return { documents, files, ...(await linting) };
}
