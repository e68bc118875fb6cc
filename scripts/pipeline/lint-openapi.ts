import fs from "node:fs";
import path from "node:path";
import { Document, Spectral, type ISpectralDiagnostic } from "@stoplight/spectral-core";
import Parsers from "@stoplight/spectral-parsers";
import { bundleAndLoadRuleset } from "@stoplight/spectral-ruleset-bundler/with-loader";
import spectralRuntime from "@stoplight/spectral-runtime";

const { fetch } = spectralRuntime;

/** One Spectral finding, located in the document it came from. */
export interface LintFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: "error" | "warning" | "info" | "hint";
  message: string;
  path: string;
}

const SEVERITIES = ["error", "warning", "info", "hint"] as const;

/** Loads `.spectral.yaml` once and lints any number of documents with it. */
export async function createLinter(rulesetFile: string) {
  const spectral = new Spectral();
  spectral.setRuleset(await bundleAndLoadRuleset(path.resolve(rulesetFile), { fs, fetch }));
  return async function lint(file: string, text: string): Promise<LintFinding[]> {
    const results: ISpectralDiagnostic[] = await spectral.run(new Document(text, Parsers.Json, path.resolve(file)));
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

export function formatFinding(f: LintFinding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`;
}
