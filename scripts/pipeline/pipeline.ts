import path from "node:path";
import { checkSpecFormatting, compileSpec, type SpecProblem } from "./compile-spec.js";
import { createLinter, type LintFinding } from "./lint-openapi.js";
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

type Linter = Awaited<ReturnType<typeof createLinter>>;
let linter: Promise<Linter> | undefined;

/** The Spectral linter for `.spectral.yaml`, loaded once per process. */
export function getLinter(root: string): Promise<Linter> {
  linter ??= createLinter(path.join(root, ".spectral.yaml"));
  return linter;
}

/** Spectral on both emitted documents, plus the `tsp format` check of the spec sources. */
export async function lintGeneration(
  root: string,
  files: GeneratedFile[],
): Promise<{ findings: LintFinding[]; formatting: SpecProblem[] }> {
  const lint = await getLinter(root);
  const documents = files.filter((f) => (Object.values(OPENAPI_FILES) as string[]).includes(f.path));
  const findings = (await Promise.all(documents.map((f) => lint(f.path, f.content)))).flat();
  return { findings, formatting: await checkSpecFormatting(root) };
}
