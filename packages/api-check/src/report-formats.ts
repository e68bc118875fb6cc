import type { BundleDelta, BundleSize } from "./bundle-size.js";
import type { Format } from "./cli-options.js";
import { formatGithub } from "./format-github.js";
import { formatMarkdown } from "./format-markdown.js";
import { formatSarif } from "./format-sarif.js";
import { formatText } from "./format-text.js";
import type { ApiChange } from "./openapi-changes.js";
import type { ApiCheckReport } from "./run-check.js";

export { FORMATS, type Format } from "./cli-options.js";

/** Renders the report in one of the output formats. */
export function renderReport(report: ApiCheckReport, format: Format): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "markdown":
      return formatMarkdown(report);
    case "sarif":
      return formatSarif(report);
    case "github":
      return formatGithub(report);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

function side(size: BundleSize | null): string {
  return size ? `${kb(size.gzipBytes)} gz (${kb(size.bytes)} min)` : "n/a";
}

/** "3.91 KB gz (10.20 KB min) at head, 3.80 KB gz at base: +0.11 KB gz (+2.9%)", or n/a. */
export function describeBundle(bundle: BundleDelta): string {
  const { head, base } = bundle;
  let delta = "delta n/a";
  if (head && base) {
    const diff = head.gzipBytes - base.gzipBytes;
    const pct = base.gzipBytes ? ((diff / base.gzipBytes) * 100).toFixed(1) : "0.0";
    delta = `${diff >= 0 ? "+" : "-"}${kb(Math.abs(diff))} gz (${diff >= 0 ? "+" : ""}${pct}%)`;
  }
  const notes = bundle.notes.length ? ` [${bundle.notes.join("; ")}]` : "";
  return `head ${side(head)}, base ${side(base)}: ${delta}${notes}`;
}

/** `spec/transfer.tsp:20`, or the JSON pointer when the change maps to no spec line. */
export function whereOf(change: ApiChange): string {
  return change.source ? `${change.source.file}:${change.source.line}` : change.pointer;
}

export const CLASS_LABEL: Record<ApiChange["classification"], string> = {
  breaking: "breaking",
  "non-breaking": "non-breaking",
  "docs-only": "docs-only",
};

/** "api-version 2024-09-15 (released, frozen)" or "api-version 2026-09-01", for one change. */
export function versionLabel(change: ApiChange): string {
  if (!change.apiVersion) return "api";
  return `api-version ${change.apiVersion}${change.frozen ? " (released, frozen)" : ""}`;
}
