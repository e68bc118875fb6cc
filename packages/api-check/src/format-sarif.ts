import { createHash } from "node:crypto";
import { openApiFile } from "@transfer-call/codegen";
import { ALL_RULES } from "./breaking-rules.js";
import { versionLabel } from "./report-formats.js";
import type { ApiCheckReport } from "./run-check.js";

/** The SARIF version this writes, and the schema it conforms to. */
export const SARIF_VERSION = "2.1.0";
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const DRIFT_RULE = "generated-file-drift";

type Level = "error" | "warning" | "note";

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[] };
}

function location(file: string, line?: number, column?: number, pointer?: string) {
  return {
    physicalLocation: {
      artifactLocation: { uri: file, uriBaseId: "%SRCROOT%" },
      region: { startLine: line ?? 1, ...(column ? { startColumn: column } : {}) },
    },
    ...(pointer ? { logicalLocations: [{ fullyQualifiedName: pointer, kind: "member" }] } : {}),
  };
}

const fingerprint = (...parts: string[]) =>
  createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
const pascal = (id: string) => id.replace(/(^|[-/_.])(\w)/g, (_, __, ch: string) => ch.toUpperCase());

/** SARIF 2.1.0 for code scanning: one run, the change rules plus each Spectral rule that fired. */
export function formatSarif(report: ApiCheckReport): string {
  const rules: SarifRule[] = ALL_RULES.map((r) => ({
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: `${r.id} (${r.classification})` },
    fullDescription: { text: r.doc },
    defaultConfiguration: { level: r.severity },
    properties: { tags: ["api", r.classification] },
  }));
  const addRule = (id: string, text: string, level: Level, tag: string) => {
    if (!rules.some((r) => r.id === id)) {
      rules.push({
        id,
        name: pascal(id),
        shortDescription: { text: id },
        fullDescription: { text },
        defaultConfiguration: { level },
        properties: { tags: [tag] },
      });
    }
  };
  const index = (id: string) => rules.findIndex((r) => r.id === id);
  const results: unknown[] = [];

  for (const c of report.changes) {
    const level: Level = c.classification === "breaking" && report.breakingAllowedBy ? "warning" : c.severity;
    results.push({
      ruleId: c.rule,
      ruleIndex: index(c.rule),
      level,
      message: { text: `${versionLabel(c)}: ${c.message} (${c.usages.join("; ")})` },
      locations: [
        c.source
          ? location(c.source.file, c.source.line, undefined, c.pointer)
          : location(openApiFile("3.0.0", c.apiVersion ?? report.apiVersion.head), 1, undefined, c.pointer),
      ],
      partialFingerprints: {
        "apiCheckChange/v1": fingerprint(c.rule, c.pointer, c.message, c.apiVersion ?? ""),
      },
      properties: {
        classification: c.classification,
        pointer: c.pointer,
        side: c.side,
        apiSmartDiff: c.library.type,
        ...(c.apiVersion ? { apiVersion: c.apiVersion } : {}),
        ...(c.frozen ? { frozen: c.frozen } : {}),
      },
    });
  }
  for (const f of report.lint) {
    const id = `spectral/${f.rule}`;
    const level: Level = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "note";
    addRule(id, `Spectral rule ${f.rule} (.spectral.yaml)`, level, "lint");
    results.push({
      ruleId: id,
      ruleIndex: index(id),
      level,
      message: { text: f.message },
      locations: [location(f.file, f.line, f.column, f.path)],
      partialFingerprints: { "apiCheckLint/v1": fingerprint(f.rule, f.file, f.path) },
    });
  }
  for (const f of report.formatting) {
    const id = `tsp/${f.code}`;
    addRule(id, "TypeSpec sources must be formatted as `tsp format` leaves them.", "error", "lint");
    results.push({
      ruleId: id,
      ruleIndex: index(id),
      level: "error",
      message: { text: f.message },
      locations: [location(f.file ?? "spec/main.tsp", f.line)],
    });
  }
  if (report.drift.length)
    addRule(
      DRIFT_RULE,
      "A generated file differs from what `pnpm generate` produces from spec/.",
      "error",
      "generation",
    );
  for (const d of report.drift) {
    results.push({
      ruleId: DRIFT_RULE,
      ruleIndex: index(DRIFT_RULE),
      level: "error",
      message: { text: `${d.path} is ${d.kind}: run \`pnpm generate\` and commit the result` },
      locations: [location(d.path)],
    });
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: "api-check",
            informationUri: "https://github.com/transfer-call-api/transfer-call-api",
            semanticVersion: "1.0.0",
            rules,
          },
        },
        automationDetails: { id: `api-check/${report.base.short}/` },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root." } } },
        results,
        properties: {
          base: report.base.ref,
          baseCommit: report.base.sha,
          apiVersion: report.apiVersion,
          exitCode: report.exitCode,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
