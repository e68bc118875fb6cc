/** One row of the `pnpm bench` table. */
export interface BenchCase {
  name: string;
  metrics: Record<string, number | string>;
  ratio?: { value: number; goal: string; ok: boolean };
}

/** A bench module: measures its case and the baseline in the same run, prints nothing itself. */
export interface BenchModule {
  run(): Promise<BenchCase[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * The median of per-round ratios `case / baseline`: rounds measure the servers minutes apart at
 * most, so a slow spell of the machine hits both sides of each ratio alike, where a ratio of
 * medians would compare figures from different spells.
 */
export function perRoundRatio(cases: readonly number[], baselines: readonly number[]): number {
  if (cases.length !== baselines.length) throw new RangeError("one baseline figure per round is needed");
  return round(median(cases.map((value, i) => value / baselines[i]!)));
}

/** The `pnpm bench` table: case, figures, ratio, goal, and whether the goal is met. */
export function formatTable(results: readonly BenchCase[]): string {
  const rows = results.map((r) => [
    r.name,
    Object.entries(r.metrics)
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
    r.ratio ? `${r.ratio.value}` : "",
    r.ratio?.goal ?? "",
    r.ratio ? (r.ratio.ok ? "ok" : "MISSED") : "",
  ]);
  const header = ["case", "figures", "ratio", "goal", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
