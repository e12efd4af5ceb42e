/**
 * Where a position of an edited text was in the text it was edited from, when the characters there survived
 * the edit: lines the edit left alone map one to one; a replaced line is paired with the line it replaced and
 * mapped through a character diff. Inserted characters have no base position.
 */
import { diffArrays, diffChars } from 'diff';
import { splitKeepingEol } from '../diff/textLines';

export interface TextPosition {
  /** 0-based */
  line: number;
  /** 0-based */
  column: number;
}

export type BasePosition = (at: TextPosition) => TextPosition | undefined;

export function basePositions(before: string, after: string): BasePosition {
  const baseLines = splitKeepingEol(before);
  const afterLines = splitKeepingEol(after);
  /** after line → base line, and whether the text is the same */
  const lines = new Map<number, { base: number; same: boolean }>();
  let a = 0;
  let b = 0;
  let removed: { start: number; count: number } | undefined;
  for (const part of diffArrays(baseLines, afterLines)) {
    const n = part.value.length;
    if (part.removed) {
      removed = { start: b, count: n };
      b += n;
    } else if (part.added) {
      if (removed)
        for (const [k, base] of pairLines(baseLines, afterLines, removed, a, n))
          lines.set(k, { base, same: false });
      removed = undefined;
      a += n;
    } else {
      for (let k = 0; k < n; k++) lines.set(a + k, { base: b + k, same: true });
      removed = undefined;
      a += n;
      b += n;
    }
  }
  return ({ line, column }) => {
    const at = lines.get(line);
    if (at === undefined) return undefined;
    if (at.same) return { line: at.base, column };
    const mapped = mapColumn(baseLines[at.base] ?? '', afterLines[line] ?? '', column);
    return mapped === undefined ? undefined : { line: at.base, column: mapped };
  };
}

/** Most pairs a block's line compared with fewer are worth; beyond it, lines pair in order. */
const MAX_PAIRINGS = 400;

/**
 * Pairs the new lines of a replaced block with the old lines they rewrite: in order, each with the most
 * similar old line still free (at least half its characters kept), so an inserted line pairs with none.
 */
function pairLines(
  baseLines: string[],
  afterLines: string[],
  removed: { start: number; count: number },
  addedStart: number,
  addedCount: number,
): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  if (removed.count * addedCount > MAX_PAIRINGS) {
    for (let k = 0; k < Math.min(addedCount, removed.count); k++)
      pairs.push([addedStart + k, removed.start + k]);
    return pairs;
  }
  let next = removed.start;
  for (let k = addedStart; k < addedStart + addedCount; k++) {
    let best = -1;
    let score = 0.5;
    for (let base = next; base < removed.start + removed.count; base++) {
      const s = similarity(baseLines[base] ?? '', afterLines[k] ?? '');
      if (s >= score) [best, score] = [base, s];
    }
    if (best < 0) continue;
    pairs.push([k, best]);
    next = best + 1;
  }
  return pairs;
}

function similarity(x: string, y: string): number {
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 1;
  const kept = diffChars(x, y).reduce((sum, p) => (p.added || p.removed ? sum : sum + p.value.length), 0);
  return kept / longest;
}

function mapColumn(baseLine: string, afterLine: string, column: number): number | undefined {
  let a = 0;
  let b = 0;
  for (const part of diffChars(baseLine, afterLine)) {
    const n = part.value.length;
    if (part.removed) {
      b += n;
      continue;
    }
    if (column < a + n) return part.added ? undefined : b + (column - a);
    a += n;
    if (!part.added) b += n;
  }
  return undefined;
}
