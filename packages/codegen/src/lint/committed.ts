// `pnpm lint`'s spec part: Spectral (.spectral.yaml) on the committed OpenAPI documents and the
// `tsp format` check of spec/. `pnpm generate` runs the same checks on what it generates.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { OPENAPI_FILES } from "../artifacts.js";
import { checkSpecFormatting, formatProblem } from "../compile-spec.js";
import { formatFinding } from "./findings.js";
import { createLinter } from "./spectral.js";

/** Lints the committed documents and the spec's formatting; prints the outcome and returns the exit code. */
export async function lintCommitted(root: string): Promise<number> {
  const lint = await createLinter(path.join(root, ".spectral.yaml"));
  const findings: string[] = [];
  for (const file of Object.values(OPENAPI_FILES)) {
    findings.push(...(await lint(file, await readFile(path.join(root, file), "utf8"))).map(formatFinding));
  }
  findings.push(...(await checkSpecFormatting(root)).map(formatProblem));
  if (findings.length) {
    console.error(`lint: ${findings.length} finding(s)\n  ${findings.join("\n  ")}`);
    return 1;
  }
  console.log(`lint: 0 findings (spectral on ${Object.keys(OPENAPI_FILES).length} documents, tsp format on spec/)`);
  return 0;
}
