import { renderEntry } from "./changelog.js";
import { describeBundle, whereOf } from "./report-formats.js";
import { type ApiCheckReport, counts } from "./run-check.js";
import { describeVersion } from "./version-changes.js";

const ICON = { error: "🔴", warning: "🟡", note: "⚪" } as const;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The report for a PR: GitHub step summary or comment. */
export function formatMarkdown(report: ApiCheckReport): string {
  const { base, apiVersion, changes } = report;
  const c = counts(changes);
  const out: string[] = [];
  out.push(`## API check: ${report.exitCode ? "❌ fail" : "✅ pass"}`);
  out.push("");
  out.push(
    `Compared the spec at this commit with \`${base.ref}\` (\`${base.short}\`). ` +
      `Newest api-version \`${apiVersion.base}\` → \`${apiVersion.head}\`${apiVersion.changed ? " (changed)" : ""}. ` +
      "Each released api-version is compared with itself at the base (frozen: any change fails), each new one with the previous api-version.",
  );
  out.push("");
  for (const line of report.verdict) out.push(`- ${line}`);
  if (report.verdict.length) out.push("");
  out.push(`| | count |`);
  out.push(`|---|---|`);
  out.push(`| breaking | ${c.breaking} |`);
  out.push(`| warnings | ${c.warnings} |`);
  out.push(`| non-breaking | ${c.nonBreaking} |`);
  out.push(`| docs-only | ${c.docsOnly} |`);
  out.push(`| Spectral / tsp format findings | ${report.lint.length + report.formatting.length} |`);
  out.push(`| generated files out of date | ${report.drift.length} |`);
  out.push("");
  out.push(`**Client bundle** (esbuild, minified, gzip): ${describeBundle(report.bundle)}`);
  out.push("");
  out.push("### API changes by api-version");
  out.push("");
  out.push("| api-version | status | breaking | warnings | non-breaking | docs-only |");
  out.push("|---|---|---|---|---|---|");
  for (const v of report.versions) {
    const n = counts(v.changes);
    out.push(
      `| \`${v.apiVersion}\` | ${describeVersion(v)} | ${n.breaking} | ${n.warnings} | ${n.nonBreaking} | ${n.docsOnly} |`,
    );
  }
  out.push("");
  if (!changes.length) {
    out.push("No API changes.");
    out.push("");
  }
  for (const v of report.versions.filter((v) => v.changes.length)) {
    out.push(`#### api-version \`${v.apiVersion}\` (${describeVersion(v)})`);
    out.push("");
    out.push("| | class | rule | change | where | spec |");
    out.push("|---|---|---|---|---|---|");
    for (const ch of v.changes) {
      const where = ch.usages.map(cell).join("<br>");
      const spec = ch.source ? `\`${whereOf(ch)}\`` : "";
      const frozen = ch.frozen ? `<br><sub>frozen (in a new api-version: ${ch.frozen.classification})</sub>` : "";
      out.push(
        `| ${ICON[ch.severity]} | ${ch.classification} | \`${ch.rule}\` | ${cell(ch.message)}${frozen}<br><sub>\`${cell(ch.pointer)}\`</sub> | ${where} | ${spec} |`,
      );
    }
    out.push("");
  }
  for (const v of report.versions.filter((v) => v.status === "new" && v.comparedWith)) {
    const entry = { apiVersion: v.apiVersion, previous: v.comparedWith!.apiVersion, changes: v.changes };
    out.push(renderEntry(entry, 3, `Changelog: api-version \`${v.apiVersion}\``));
  }
  if (report.lint.length || report.formatting.length) {
    out.push("### Lint findings");
    out.push("");
    out.push("| severity | rule | location | message |");
    out.push("|---|---|---|---|");
    for (const f of report.formatting)
      out.push(`| error | \`${f.code}\` | \`${f.file ?? ""}:${f.line ?? ""}\` | ${cell(f.message)} |`);
    for (const f of report.lint)
      out.push(`| ${f.severity} | \`${f.rule}\` | \`${f.file}:${f.line}\` | ${cell(f.message)} |`);
    out.push("");
  }
  if (report.drift.length) {
    out.push("### Generated files out of date");
    out.push("");
    for (const d of report.drift) out.push(`- \`${d.path}\` (${d.kind})`);
    out.push("");
    out.push("Run `pnpm generate` and commit the result.");
    out.push("");
  }
  return out.join("\n");
}
