import { formatProblem, openApiFile } from "@transfer-call/codegen";
import type { ApiCheckReport } from "./run-check.js";

/** Escapes a workflow-command message (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow-command property value (also `:` and `,`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(
  level: "error" | "warning" | "notice",
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${level}${list ? ` ${list}` : ""}::${escapeData(message)}`;
}

const LEVEL = { error: "error", warning: "warning", note: "notice" } as const;

/**
 * GitHub Actions workflow commands: one annotation per breaking change or warning (on the spec
 * line it maps to, else on the OpenAPI document), per lint finding and per stale generated file.
 * Non-breaking and docs-only changes become notices.
 */
export function formatGithub(report: ApiCheckReport): string {
  const out: string[] = [];
  // The same change in several api-versions (a shared model edited) is one annotation naming them all.
  interface Annotation {
    props: Record<string, string | number | undefined>;
    title: string;
    text: string;
    versions: string[];
    frozen: boolean;
    level: "error" | "warning" | "notice";
  }
  const merged = new Map<string, Annotation>();
  for (const c of report.changes) {
    const props: Annotation["props"] = c.source
      ? { file: c.source.file, line: c.source.line }
      : { file: openApiFile("3.0.0", c.apiVersion ?? report.apiVersion.head) };
    const level: Annotation["level"] =
      c.classification === "breaking" && report.breakingAllowedBy ? "warning" : LEVEL[c.severity];
    const title = `API ${c.classification}: ${c.rule}`;
    const text = `${c.message} (${c.usages.join("; ")}) at ${c.pointer}`;
    const key = JSON.stringify([props, level, title, text, Boolean(c.frozen)]);
    const entry: Annotation = merged.get(key) ?? { props, title, text, versions: [], frozen: Boolean(c.frozen), level };
    if (c.apiVersion) entry.versions.push(c.apiVersion);
    merged.set(key, entry);
  }
  for (const { props, title, text, versions, frozen, level } of merged.values()) {
    const where = versions.length
      ? ` in api-version${versions.length > 1 ? "s" : ""} ${versions.join(", ")}${frozen ? " (released, frozen)" : ""}`
      : "";
    out.push(command(level, { ...props, title }, `${text}${where}`));
  }
  for (const f of report.formatting)
    out.push(command("error", { file: f.file, line: f.line, title: `tsp ${f.code}` }, formatProblem(f)));
  for (const f of report.lint) {
    const level = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "notice";
    out.push(command(level, { file: f.file, line: f.line, col: f.column, title: `Spectral ${f.rule}` }, f.message));
  }
  for (const d of report.drift) {
    out.push(
      command(
        "error",
        { file: d.path, title: "generated file out of date" },
        `${d.path} is ${d.kind}: run \`pnpm generate\` and commit the result`,
      ),
    );
  }
  out.push(
    report.exitCode
      ? command("error", { title: "api-check failed" }, report.verdict.join("\n"))
      : `::notice title=api-check passed::${escapeData(report.verdict.join("\n") || "no breaking changes, no lint errors, no drift")}`,
  );
  return `${out.join("\n")}\n`;
}
