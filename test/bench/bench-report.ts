/** The shape every benchmark of test/bench returns, and how the runner prints it. */

/** One measured number, with the anchor it is compared to in the same run. */
export interface BenchRow {
  /** What was measured, e.g. `kit app GET /status throughput`. */
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The anchor measured side by side in the same run, e.g. the bare Express app. */
  readonly anchor?: { readonly name: string; readonly value: number };
  /** value / anchor.value, or a ratio given directly (for "lower is better" rows say so in `aim`). */
  readonly ratio?: number;
  /** The aim the issue sets, in words, e.g. `≥ 0.5`. */
  readonly aim?: string;
}

export interface BenchReport {
  readonly benchmark: string;
  readonly rows: readonly BenchRow[];
  readonly notes?: readonly string[];
}

/** A benchmark module's default export. */
export interface Benchmark {
  readonly name: string;
  run(): Promise<BenchReport>;
}

/** Formats reports as one Markdown table. */
export function formatMarkdown(reports: readonly BenchReport[]): string {
  const lines = [
    '| benchmark | metric | value | anchor | ratio | aim |',
    '| --- | --- | ---: | --- | ---: | --- |',
  ];
  for (const report of reports) {
    for (const row of report.rows) {
      const anchor = row.anchor ? `${row.anchor.name}: ${formatNumber(row.anchor.value)} ${row.unit}` : '';
      const ratio = row.ratio === undefined ? '' : row.ratio.toFixed(2);
      lines.push(
        `| ${report.benchmark} | ${row.metric} | ${formatNumber(row.value)} ${row.unit} | ${anchor} | ${ratio} | ${row.aim ?? ''} |`,
      );
    }
  }
  const notes = reports.flatMap((report) =>
    (report.notes ?? []).map((note) => `- ${report.benchmark}: ${note}`),
  );
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** The middle of `values` (the upper middle of an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
