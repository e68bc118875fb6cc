// `pnpm lint`'s spec part: Spectral (.spectral.yaml) on the committed OpenAPI documents and the
// `tsp format` check of spec/. `pnpm generate` runs the same checks on what it generates.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { checkSpecFormatting, formatProblem } from "../compile-spec.js";
import { formatFinding } from "./findings.js";
import { createLinter } from "./spectral.js";

/** Lints the committed documents and the spec's formatting; prints the outcome and returns the exit code. */
export async function lintCommitted(root: string): Promise<number> {
  const lint = await createLinter(path.join(root, ".spectral.yaml"));
  const findings: string[] = [];
  const files = await committedDocuments(root);
  for (const file of files) {
    findings.push(...(await lint(file, await readFile(path.join(root, file), "utf8"))).map(formatFinding));
  }
  findings.push(...(await checkSpecFormatting(root)).map(formatProblem));
  if (findings.length) {
    console.error(`lint: ${findings.length} finding(s)\n  ${findings.join("\n  ")}`);
    return 1;
  }
  console.log(`lint: 0 findings (spectral on ${files.length} documents, tsp format on spec/)`);
  return 0;
}

/** The OpenAPI documents under spec/openapi/ (one per OpenAPI version and api-version), sorted. */
async function committedDocuments(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, "spec/openapi"), { recursive: true });
  return entries
    .map((f) => path.posix.join("spec/openapi", f.split(path.sep).join("/")))
    .filter((f) => /\/openapi\.[^/]+\.json$/.test(f))
    .sort();
}
