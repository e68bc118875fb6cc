import path from "node:path";
import { Document, type ISpectralDiagnostic, Spectral } from "@stoplight/spectral-core";
import Parsers from "@stoplight/spectral-parsers";
import type { LintFinding } from "./findings.js";
import { loadRuleset } from "./ruleset.js";

const SEVERITIES = ["error", "warning", "info", "hint"] as const;

/**
 * Loads `.spectral.yaml` once and lints any number of documents with it. Document paths are
 * relative to the ruleset's folder (the repo root), whatever the current directory.
 */
export async function createLinter(rulesetFile: string) {
  const spectral = new Spectral();
  spectral.setRuleset(await loadRuleset(path.resolve(rulesetFile)));
  return async function lint(file: string, text: string): Promise<LintFinding[]> {
    const results: ISpectralDiagnostic[] = await spectral.run(
      new Document(text, Parsers.Json, path.resolve(path.dirname(rulesetFile), file)),
    );
    return results.map((r) => ({
      file,
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      rule: String(r.code),
      severity: SEVERITIES[r.severity] ?? "error",
      message: r.message,
      path: r.path.join("."),
    }));
  };
}

const linters = new Map<string, ReturnType<typeof createLinter>>();

/** Lints several documents with one ruleset, loading the ruleset once per thread. */
export async function lintDocuments(
  rulesetFile: string,
  documents: { file: string; text: string }[],
): Promise<LintFinding[]> {
  let linter = linters.get(rulesetFile);
  if (!linter) linters.set(rulesetFile, (linter = createLinter(rulesetFile)));
  const lint = await linter;
  return (await Promise.all(documents.map((d) => lint(d.file, d.text)))).flat();
}
