/**
 * The search/replace blocks a careful worker would return for a rename in one file: one block per run
 * of nearby lines that mention the name, widened until its search text is unique in the file.
 */
import type { SearchReplace } from '../src/core/worker/editSchema';

export function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
}

export function renameText(text: string, from: string, to: string): string {
  return text.replace(wordPattern(from), to);
}

export function renameEdits(text: string, from: string, to: string): SearchReplace[] {
  const lines = text.split('\n');
  const word = wordPattern(from);
  const hits = lines.flatMap((l, i) => (l.search(word) >= 0 ? [i] : []));
  // Runs of hit lines at most one line apart become one block.
  const groups: Array<[number, number]> = [];
  for (const i of hits) {
    const last = groups[groups.length - 1];
    if (last !== undefined && i - last[1] <= 2) last[1] = i;
    else groups.push([i, i]);
  }
  const widened = groups.map(([a, b]) => widen(text, lines, a, b));
  // Widening can make neighbours overlap: merge them (blocks must not overlap).
  const merged: Array<[number, number]> = [];
  for (const g of widened) {
    const last = merged[merged.length - 1];
    if (last !== undefined && g[0] <= last[1] + 1) last[1] = Math.max(last[1], g[1]);
    else merged.push([...g]);
  }
  return merged.map(([a, b]) => {
    const search = lines.slice(a, b + 1).join('\n');
    return { search, replace: search.replace(word, to) };
  });
}

function widen(text: string, lines: string[], a: number, b: number): [number, number] {
  let lo = a;
  let hi = b;
  for (let step = 0; step < 40 && occurrences(text, lines.slice(lo, hi + 1).join('\n')) > 1; step++) {
    if (step % 2 === 0 && lo > 0) lo--;
    else if (hi < lines.length - 1) hi++;
    else if (lo > 0) lo--;
  }
  return [lo, hi];
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) count++;
  return count;
}
