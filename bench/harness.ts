/**
 * What every benchmark shares: the result shape written to bench/results/<name>.json, and the
 * statistics (medians, percentiles, CPU time) so figures are computed the same way everywhere.
 * Machines are shared and noisy: report medians over several runs and CPU time where it applies.
 */

export interface BenchResult {
  name: string;
  description: string;
  /** The measured figures, named with their unit (e.g. `instancesPerSecond`, `medianMs`). */
  figures: Record<string, number>;
  /** The same kind of figures for the baseline measured in the same run. */
  baseline: Record<string, number>;
  /** The headline ratio (documented in `description`: which figure over which). */
  ratio: number;
  /** A Markdown table for people. */
  table: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult>;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Timed<T> {
  value: T;
  wallMs: number;
  /** User + system CPU of this whole process (GC and worker threads count too). */
  cpuMs: number;
}

/** Runs `operation` once and measures its wall and CPU time. */
export async function timed<T>(operation: () => Promise<T>): Promise<Timed<T>> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await operation();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Rounds a figure for tables and JSON: three significant decimals are plenty for noisy machines. */
export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** A Markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (value: string | number) => (typeof value === 'number' ? String(round(value, 2)) : value);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}
