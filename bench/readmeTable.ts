/** Prints bench/results.json as the Markdown table README.md shows, with the count of targets met. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatMarkdown, meetsTarget, type BenchResult } from './results';

const stored = JSON.parse(readFileSync(path.join(__dirname, 'results.json'), 'utf8')) as Array<
  Omit<BenchResult, 'value'> & { value: number | null }
>;
const results: BenchResult[] = stored.map((r) => ({ ...r, value: r.value ?? NaN }));
const judged = results.filter((r) => r.target !== null);
process.stdout.write(`${judged.filter((r) => meetsTarget(r)).length}/${judged.length} targets met\n\n`);
process.stdout.write(`${formatMarkdown(results)}\n`);
