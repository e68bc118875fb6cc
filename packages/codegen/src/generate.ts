import { openApiFiles, STEPS } from "./artifacts.js";
import { checkSpecFormatting, compileSpec, type SpecProblem } from "./compile-spec.js";
import type { LintFinding } from "./lint/findings.js";
import type { LintInput, LintMemo } from "./lint-memo.js";
import { rulesetFile, SPECTRAL } from "./tools.js";
import type { GeneratedFile, OpenApiDocument, SpecDocuments, VersionDocuments } from "./types.js";
import { callInWorker } from "./workers.js";

export interface Generation {
  documents: SpecDocuments;
  files: GeneratedFile[];
}

/** Compiles the spec and runs every generation step, in memory. */
export async function generateFiles(root: string): Promise<Generation> {
  const { documents, generating } = await compileAndGenerate(root);
  return { documents, files: await generating };
}

/** How many api-versions this process's previous compile had: when to start the early steps. */
let previousVersions: number | undefined;

/**
 * Compiles the spec and runs the generation steps concurrently (their heavy parts run in worker
 * threads), their files in STEPS order. The steps that read only the OpenAPI 3.0 documents start
 * as soon as the compiler has emitted those (when a previous compile in this process says how many
 * to expect, as in the warm `--watch`), so their tools run while it computes the 3.1 documents; a
 * step that reads 3.1 anyway fails there and runs again on the checked documents. Their results count only if those documents are
 * exactly the ones the compile returns.
 */
async function compileAndGenerate(
  root: string,
): Promise<{ documents: SpecDocuments; generating: Promise<GeneratedFile[]> }> {
  const earlySteps = STEPS.filter((step) => step.reads?.every((v) => v === "3.0.0"));
  let early: { spec: SpecDocuments; files: Promise<GeneratedFile[][]> } | undefined;
  const documents = await compileSpec(root, {
    ...(previousVersions === undefined ? {} : { expectedVersions: previousVersions }),
    onEmitted: (openapi, docs) => {
      if (openapi !== "3.0.0") return;
      const spec = docs.map(({ apiVersion, document }) => openApi30Only(apiVersion, document));
      const files = Promise.all(earlySteps.map((step) => step.run(spec)));
      files.catch(() => {}); // the compile may still fail; a kept result is awaited below
      early = { spec, files };
    },
  });
  previousVersions = documents.length;
  const started = early && sameDocuments(early.spec, documents) ? early.files : undefined;
  const generating = Promise.all(
    STEPS.map(async (step) => {
      const i = earlySteps.indexOf(step);
      // a failed early run (a tool's error, or a step that read 3.1 after all) runs again on the
      // checked documents, which report the error as a one-shot run would
      if (started && i >= 0) return started.then((files) => files[i]!).catch(() => step.run(documents));
      return step.run(documents);
    }),
  );
  return { documents, generating: generating.then((files) => files.flat()) };
}

/** One api-version with only its OpenAPI 3.0 document: reading its 3.1 one is a step's mistake. */
function openApi30Only(apiVersion: string, document: OpenApiDocument): VersionDocuments {
  return {
    apiVersion,
    "3.0.0": document,
    get "3.1.0"(): OpenApiDocument {
      throw new Error("a step declared to read OpenAPI 3.0 only (GenerationStep.reads) read a 3.1 document");
    },
  };
}

const sameDocuments = (early: SpecDocuments, final: SpecDocuments) =>
  early.length === final.length &&
  early.every((v, i) => v.apiVersion === final[i]!.apiVersion && v["3.0.0"] === final[i]!["3.0.0"]);

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
  const { documents, generating } = await compileAndGenerate(root);
  const linting = lintGeneration(root, documents);
  const files = await generating;
  return { documents, files, ...(await linting) };
}
