/** One benchmark number, its target, and how the table / results.json show it. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface BenchResult {
  name: string;
  value: number;
  /** null: informational (a baseline, a reference), not judged. */
  target: number | null;
  better: 'lower' | 'higher';
  unit: string;
  /** Why a number is missing or how to read it; printed in the table, not written to results.json. */
  note?: string;
}

export function meetsTarget(r: BenchResult): boolean | undefined {
  if (r.target === null || !Number.isFinite(r.value)) return r.target === null ? undefined : false;
  return r.better === 'lower' ? r.value <= r.target : r.value >= r.target;
}

/** value/target for "lower is better", target/value for "higher": above 1 means a miss by that factor. */
export function missRatio(r: BenchResult): number | undefined {
  if (r.target === null || !Number.isFinite(r.value)) return undefined;
  if (r.better === 'lower') return r.target === 0 ? (r.value === 0 ? 0 : Infinity) : r.value / r.target;
  return r.value === 0 ? Infinity : r.target / r.value;
}

function fmt(n: number | null | undefined, unit = ''): string {
  if (n === null || n === undefined) return '-';
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'n/a' : '∞';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

export function formatTable(results: BenchResult[]): string {
  const rows = results.map((r) => {
    const ok = meetsTarget(r);
    const target = r.target === null ? '-' : `${r.better === 'lower' ? '≤' : '≥'} ${fmt(r.target, r.unit)}`;
    return [
      r.name,
      fmt(r.value, r.unit),
      target,
      fmt(missRatio(r)),
      ok === undefined ? '' : ok ? 'ok' : 'MISS',
      r.note ?? '',
    ];
  });
  const header = ['name', 'value', 'target', 'ratio', 'ok', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 1 || i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The judged rows as the Markdown table README.md shows (`npm run bench:table` prints it from results.json). */
export function formatMarkdown(results: BenchResult[]): string {
  const rows = results
    .filter((r) => r.target !== null)
    .map((r) => {
      const target = `${r.better === 'lower' ? '≤' : '≥'} ${fmt(r.target, r.unit)}`;
      const ok = meetsTarget(r) ? 'ok' : '**MISS**';
      return `| ${r.name} | ${fmt(r.value, r.unit)} | ${target} | ${fmt(missRatio(r))} | ${ok} |`;
    });
  return ['| benchmark | value | target | ratio | |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function writeResults(file: string, results: BenchResult[]): void {
  const json = results.map(({ name, value, target, better, unit }) => ({
    name,
    value: Number.isFinite(value) ? Number(value.toPrecision(6)) : null,
    target,
    better,
    unit,
  }));
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** The rows stored in `file` with this run's rows in place of (or after) those of the same name. */
export function mergeResults(file: string, results: BenchResult[]): BenchResult[] {
  if (!existsSync(file)) return results;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Array<
    Omit<BenchResult, 'value'> & { value: number | null }
  >;
  const fresh = new Map(results.map((r) => [r.name, r]));
  const merged: BenchResult[] = stored.map((r) => fresh.get(r.name) ?? { ...r, value: r.value ?? NaN });
  const kept = new Set(stored.map((r) => r.name));
  return [...merged, ...results.filter((r) => !kept.has(r.name))];
}
