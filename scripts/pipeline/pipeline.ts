import path from "node:path";
import { checkSpecFormatting, compileSpec, type SpecProblem } from "./compile-spec.js";
import { preloadOpenApiTypes } from "./client-types.js";
import type { LintFinding } from "./lint-openapi.js";
import { callInWorker } from "./worker-pool.js";
import { OPENAPI_FILES, STEPS } from "./steps.js";
import type { GeneratedFile, OpenApiDocuments } from "./types.js";

export interface Generation {
  documents: OpenApiDocuments;
  files: GeneratedFile[];
}

/** Compiles the spec and runs every generation step, in memory. */
export async function generateFiles(root: string): Promise<Generation> {
  const documents = await compileSpec(root);
  const files: GeneratedFile[] = [];
  for (const step of STEPS) files.push(...(await step.run(documents)));
  return { documents, files };
}

const LINTER = new URL("./lint-openapi.ts", import.meta.url);

/** Starts loading the heavy tools in worker threads while the spec compiles on this one. */
export function preloadTools(root: string): void {
  preloadOpenApiTypes();
  void callInWorker(LINTER, "lintDocuments", path.join(root, ".spectral.yaml"), []).catch(() => {});
}

/** Spectral on both emitted documents, plus the `tsp format` check of the spec sources. */
export async function lintGeneration(
  root: string,
  files: GeneratedFile[],
): Promise<{ findings: LintFinding[]; formatting: SpecProblem[] }> {
  const documents = files
    .filter((f) => (Object.values(OPENAPI_FILES) as string[]).includes(f.path))
    .map((f) => ({ file: f.path, text: f.content }));
  const [findings, formatting] = await Promise.all([
    callInWorker<LintFinding[]>(LINTER, "lintDocuments", path.join(root, ".spectral.yaml"), documents),
    checkSpecFormatting(root),
  ]);
  return { findings, formatting };
}
