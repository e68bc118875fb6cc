// What a Spectral finding looks like once it leaves the linter's worker: plain data, cheap to import.

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

export function formatFinding(f: LintFinding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`;
}
