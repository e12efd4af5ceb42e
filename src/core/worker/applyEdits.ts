/**
 * Applies a worker's search/replace blocks to one file. Every block is located in the ORIGINAL text
 * (so blocks cannot depend on each other), exactly first, then ignoring whitespace. Errors are written
 * for the model to act on in its retry: they say which block, which line, and what to do.
 */
import { err, ok, type Result } from '../result';
import { plainRelative } from '../workspace/paths';
import type { ApplyEditsResult, LocatedEdit, SearchReplace, WorkerOutput } from './editSchema';
import { detectEol, lineKey, lineNumberAt, splitLines, toEol, type Line } from '../diff/textLines';

/** Whole-content rewrites are accepted for existing files up to this many lines. */
export const MAX_CONTENT_REWRITE_LINES = 150;

const MAX_LISTED_LINES = 8;

/** Where a block applies; undefined for a block that changes nothing. */
type Located = Result<LocatedEdit | undefined>;

export function applyEdits(text: string, edits: SearchReplace[], file?: string): ApplyEditsResult {
  const eol = detectEol(text);
  const lines = splitLines(text);
  const found: Array<{ edit: LocatedEdit; index: number }> = [];
  const prefix = (i: number): string => `${file ? `${file}: ` : ''}edit ${i + 1} of ${edits.length}: `;

  for (const [index, block] of edits.entries()) {
    const r = locate(text, lines, block, eol);
    if (!r.ok) return err({ message: prefix(index) + r.error, index });
    if (r.value) found.push({ edit: r.value, index });
  }

  const sorted = [...found].sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    if (b.edit.start < a.edit.end || (b.edit.start === a.edit.start && a.edit.start === a.edit.end)) {
      const later = a.index > b.index ? a : b;
      const earlier = later === a ? b : a;
      const line = lineNumberAt(lines, b.edit.start);
      return err({
        message:
          prefix(later.index) +
          `overlaps edit ${earlier.index + 1} at line ${line}; blocks must not overlap, merge them into one block`,
        index: later.index,
      });
    }
  }

  let out = '';
  let pos = 0;
  for (const { edit } of sorted) {
    out += text.slice(pos, edit.start) + edit.replacement;
    pos = edit.end;
  }
  out += text.slice(pos);
  return ok({ text: keepTrailingNewline(text, out, eol), located: found.map((f) => f.edit) });
}

/**
 * Applies a worker's whole output to `before`: `content` (new or small files) or `edits`.
 * Errors carry `index: -1` when they concern the output as a whole rather than one block.
 */
export function applyWorkerOutput(
  before: string,
  output: WorkerOutput,
  opts: { isNew: boolean; file: string },
): ApplyEditsResult {
  const fail = (message: string): ApplyEditsResult => err({ message: `${opts.file}: ${message}`, index: -1 });
  if (plainRelative(output.file) !== plainRelative(opts.file)) {
    return fail(
      `the output is for "${output.file}" but you were assigned "${opts.file}"; edit only your file`,
    );
  }
  const edits = output.edits ?? [];
  if (output.content !== undefined && edits.length > 0) {
    return fail('send either `content` or `edits`, not both');
  }
  if (output.content !== undefined) {
    if (opts.isNew) return ok({ text: output.content, located: [] });
    const lineCount = splitLines(before).length;
    if (lineCount > MAX_CONTENT_REWRITE_LINES) {
      return fail(
        `whole-file \`content\` is only accepted for new files or files of at most ${MAX_CONTENT_REWRITE_LINES} ` +
          `lines (this one has ${lineCount}); send search/replace \`edits\` instead`,
      );
    }
    const eol = detectEol(before);
    return ok({ text: keepTrailingNewline(before, toEol(output.content, eol), eol), located: [] });
  }
  if (opts.isNew) return fail('this is a new file; send its whole `content`');
  return applyEdits(before, edits, opts.file);
}

function locate(text: string, lines: Line[], block: SearchReplace, eol: string): Located {
  const search = toEol(block.search, eol);
  const replace = toEol(block.replace, eol);
  if (search === replace) return ok(undefined);
  if (search === '') {
    if (text === '') return ok({ start: 0, end: 0, replacement: replace, match: 'exact' });
    return err('search is empty; copy the lines to change (or the line to insert after) into `search`');
  }

  const exact = allIndexesOf(text, search);
  if (exact.length === 1) {
    const start = exact[0]!;
    return ok({ start, end: start + search.length, replacement: replace, match: 'exact' });
  }
  if (exact.length > 1) {
    return err(
      ambiguous(
        exact.map((i) => lineNumberAt(lines, i)),
        '',
      ),
    );
  }
  return locateIgnoringWhitespace(text, lines, search, replace, eol);
}

function locateIgnoringWhitespace(
  text: string,
  lines: Line[],
  search: string,
  replace: string,
  eol: string,
): Located {
  const searchLines = withoutFinalEmpty(search.split(/\r?\n/));
  if (searchLines.every((l) => l.trim() === '')) {
    return err('search text is only whitespace and was not found; include a line of code to anchor it');
  }
  const keys = searchLines.map(lineKey);
  const fileKeys = lines.map((l) => lineKey(l.content));
  const starts: number[] = [];
  for (let i = 0; i + keys.length <= fileKeys.length; i++) {
    if (keys.every((k, j) => fileKeys[i + j] === k)) starts.push(i);
  }
  if (starts.length === 0) return err(closestMatch(lines, fileKeys, searchLines, keys));
  if (starts.length > 1)
    return err(
      ambiguous(
        starts.map((i) => i + 1),
        ' when whitespace is ignored',
      ),
    );

  const first = starts[0]!;
  const matched = lines.slice(first, first + searchLines.length);
  const last = matched[matched.length - 1]!;
  if (replace === '') {
    // Deleting whole lines: take the line break too, or the one before when at the end of the file.
    const start = last.next === text.length && first > 0 ? lines[first - 1]!.end : matched[0]!.start;
    return ok({ start, end: last.next, replacement: '', match: 'whitespace' });
  }
  const body = withoutFinalEmpty(replace.split(/\r?\n/));
  const replacement = reindent(
    searchLines,
    matched.map((l) => l.content),
    body,
  ).join(eol);
  return ok({ start: matched[0]!.start, end: last.end, replacement, match: 'whitespace' });
}

/**
 * When the model's copy is indented differently but consistently (same base indent swapped for another,
 * relative indentation kept), the replacement gets the file's base indent.
 */
function reindent(searchLines: string[], fileLines: string[], replaceLines: string[]): string[] {
  const pairs = searchLines
    .map((s, i) => [indentOf(s), indentOf(fileLines[i]!), s.trim() === ''] as const)
    .filter(([, , blank]) => !blank);
  if (pairs.length === 0) return replaceLines;
  const [sBase, fBase] = pairs[0]!;
  if (sBase === fBase) return replaceLines;
  const consistent = pairs.every(
    ([s, f]) => s.startsWith(sBase) && f.startsWith(fBase) && s.slice(sBase.length) === f.slice(fBase.length),
  );
  if (!consistent) return replaceLines;
  return replaceLines.map((l) =>
    l.trim() !== '' && l.startsWith(sBase) ? fBase + l.slice(sBase.length) : l,
  );
}

/** Points the model at the file lines that most resemble its search text. */
function closestMatch(lines: Line[], fileKeys: string[], searchLines: string[], keys: string[]): string {
  const advice = 'copy the current lines exactly';
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < fileKeys.length; i++) {
    let score = 0;
    // Trivial lines (`}`, blank) match everywhere and say nothing about where the model was looking.
    for (let j = 0; j < keys.length && i + j < fileKeys.length; j++) {
      if (keys[j]!.length > 3 && fileKeys[i + j] === keys[j]) score++;
    }
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  if (best >= 0) {
    const j = keys.findIndex((k, n) => fileKeys[best + n] !== k);
    if (best + j >= lines.length) {
      return `search text not found (closest match at line ${best + 1}, but the search runs past the end of the file); ${advice}`;
    }
    return (
      `search text not found (closest match at line ${best + j + 1}: "${quote(lines[best + j]!.content)}" ` +
      `where the search has "${quote(searchLines[j]!)}"); ${advice}`
    );
  }
  const first = searchLines.find((l) => l.trim() !== '')!;
  let bestLine = -1;
  let bestSimilarity = 0.5;
  for (let i = 0; i < fileKeys.length; i++) {
    const s = similarity(lineKey(first), fileKeys[i]!);
    if (s >= bestSimilarity) [bestLine, bestSimilarity] = [i, s];
  }
  if (bestLine >= 0) {
    return `search text not found (closest match at line ${bestLine + 1}: "${quote(lines[bestLine]!.content)}"); ${advice}`;
  }
  return `search text not found; no line resembles "${quote(first)}", re-read the file and ${advice}`;
}

/** Dice coefficient over character bigrams: cheap and good enough to spot a near-identical line. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++)
    counts.set(a.slice(i, i + 2), (counts.get(a.slice(i, i + 2)) ?? 0) + 1);
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const bg = b.slice(i, i + 2);
    const c = counts.get(bg) ?? 0;
    if (c > 0) [shared] = [shared + 1, counts.set(bg, c - 1)];
  }
  return (2 * shared) / (a.length + b.length - 2);
}

function quote(line: string): string {
  const t = lineKey(line);
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function ambiguous(lineNumbers: number[], how: string): string {
  const shown = lineNumbers.slice(0, MAX_LISTED_LINES).join(', ');
  const more = lineNumbers.length > MAX_LISTED_LINES ? ', …' : '';
  return (
    `search text matches ${lineNumbers.length} places${how} (lines ${shown}${more}); ` +
    'include more surrounding lines to make it unique'
  );
}

/** Start offsets of every (possibly overlapping) occurrence. */
function allIndexesOf(text: string, search: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(search); i !== -1; i = text.indexOf(search, i + 1)) out.push(i);
  return out;
}

function withoutFinalEmpty(parts: string[]): string[] {
  return parts.length > 1 && parts[parts.length - 1] === '' ? parts.slice(0, -1) : parts;
}

/** The file's trailing newline (or its absence) survives any edit. */
function keepTrailingNewline(original: string, edited: string, eol: string): string {
  if (original === '' || edited === '') return edited;
  const had = original.endsWith('\n');
  const has = edited.endsWith('\n');
  if (had && !has) return edited + eol;
  if (!had && has) return edited.replace(/\r?\n$/, '');
  return edited;
}
