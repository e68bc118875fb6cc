// `pnpm lint`: Spectral (.spectral.yaml) on the committed OpenAPI documents and the `tsp format`
// check of spec/. `pnpm generate` runs the same checks on what it generates.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSpecFormatting, formatProblem } from "./pipeline/compile-spec.js";
import { formatFinding } from "./pipeline/lint-findings.js";
import { createLinter } from "./pipeline/lint-openapi.js";
import { OPENAPI_FILES } from "./pipeline/steps.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lint = await createLinter(path.join(root, ".spectral.yaml"));
const findings = [];
for (const file of Object.values(OPENAPI_FILES)) {
  findings.push(...(await lint(file, await readFile(path.join(root, file), "utf8"))).map(formatFinding));
}
findings.push(...(await checkSpecFormatting(root)).map(formatProblem));
if (findings.length) {
  console.error(`lint: ${findings.length} finding(s)\n  ${findings.join("\n  ")}`);
  process.exitCode = 1;
} else {
  console.log(`lint: 0 findings (spectral on ${Object.keys(OPENAPI_FILES).length} documents, tsp format on spec/)`);
}
