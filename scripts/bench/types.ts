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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
