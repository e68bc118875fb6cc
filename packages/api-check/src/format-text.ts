import { formatFinding, formatProblem } from "@transfer-call/codegen";
import { describeBundle, whereOf } from "./report-formats.js";
import { type ApiCheckReport, counts } from "./run-check.js";
import { describeVersion } from "./version-changes.js";

const MARK = { error: "✗", warning: "!", note: "·" } as const;

/** The report for a terminal: one block per section, one entry per change. */
export function formatText(report: ApiCheckReport): string {
  const out: string[] = [];
  const { base, apiVersion, changes } = report;
  const c = counts(changes);
  out.push(`api-check: working tree vs ${base.ref} (${base.short})`);
  out.push(`api-version: ${apiVersion.base} → ${apiVersion.head}${apiVersion.changed ? " (changed)" : " (unchanged)"}`);
  out.push("");
  out.push(
    `API changes: ${c.breaking} breaking, ${c.warnings} warning(s), ${c.nonBreaking} non-breaking, ${c.docsOnly} docs-only`,
  );
  for (const version of report.versions) {
    const n = version.changes.length;
    out.push(
      `  api-version ${version.apiVersion} (${describeVersion(version)}): ${n ? `${n} change(s)` : "unchanged"}`,
    );
    for (const change of version.changes) {
      const label =
        change.severity === "warning" && change.classification !== "breaking"
          ? `${change.classification} (warning)`
          : change.classification;
      out.push(`  ${MARK[change.severity]} ${label.padEnd(12)} ${change.rule}  ${whereOf(change)}`);
      out.push(`      ${change.message}`);
      if (change.frozen)
        out.push(
          `      in released api-version ${version.apiVersion}, which is frozen (in a new api-version: ${change.frozen.classification})`,
        );
      out.push(`      at ${change.pointer}${change.side === "base" ? " (in the base document)" : ""}`);
      for (const usage of change.usages) out.push(`      in ${usage}`);
      if (change.library.type !== libraryEquivalent(change))
        out.push(`      (api-smart-diff says ${change.library.type})`);
    }
  }
  out.push("");
  const lintCount = report.lint.length + report.formatting.length;
  out.push(`Spectral and tsp format: ${lintCount ? `${lintCount} finding(s)` : "0 findings"}`);
  for (const f of report.formatting) out.push(`  ${formatProblem(f)}`);
  for (const f of report.lint) out.push(`  ${formatFinding(f)}`);
  out.push(
    report.drift.length
      ? `Generated files: ${report.drift.length} out of date with spec/ (run \`pnpm generate\`)`
      : `Generated files: ${report.generatedFiles} in sync with spec/`,
  );
  for (const d of report.drift) out.push(`  ${d.kind.padEnd(7)} ${d.path}`);
  out.push(`Client bundle (esbuild, minified): ${describeBundle(report.bundle)}`);
  out.push("");
  out.push(`Result: ${report.exitCode ? "FAIL" : "PASS"}`);
  for (const line of report.verdict) out.push(`  ${line}`);
  return `${out.join("\n")}\n`;
}

/** api-smart-diff's word for a classification, to show only where we diverge from it. */
function libraryEquivalent(change: ApiCheckReport["changes"][number]): string {
  const classification = change.frozen?.classification ?? change.classification;
  return classification === "docs-only" ? "annotation" : classification;
}
