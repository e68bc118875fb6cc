import path from "node:path";
import { checkSpecFormatting, compileSpec, type SpecProblem } from "./compile-spec.js";
import type { LintFinding } from "./lint-findings.js";
import { rulesetFile, SPECTRAL } from "./tools.mjs";
import { callInWorker } from "./worker-pool.mjs";
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


/** Spectral on both emitted documents, plus the `tsp format` check of the spec sources. */
export async function lintGeneration(
  root: string,
  files: GeneratedFile[],
): Promise<{ findings: LintFinding[]; formatting: SpecProblem[] }> {
  const documents = files
    .filter((f) => (Object.values(OPENAPI_FILES) as string[]).includes(f.path))
    .map((f) => ({ file: f.path, text: f.content }));
  const [findings, formatting] = await Promise.all([
    callInWorker<LintFinding[]>(SPECTRAL, "lintDocuments", rulesetFile(root), documents),
    checkSpecFormatting(root),
  ]);
  return { findings, formatting };
}
