/**
 * What a later wave's worker is shown of the files its dependencies changed, fitted to the room its model's
 * context window leaves once its own file is in. Each file starts whole (or as its diff when it is over
 * `workerFileTokens`); while the context does not fit, the files are shortened, least related first: to their
 * diff (the changed regions), then to an outline (their top-level lines), then left out whole. What was
 * shortened says so in its label, and what was left out is named, so the worker knows what it does not see.
 */
import { posix } from 'node:path';
import { unifiedDiff } from '../diff/unifiedDiff';
import { estimateTokens } from '../llm/budget';
import { dataBlock } from './dataBlock';

/** A file a subtask's dependencies changed: its text now, and which of them changed it. */
export interface ChangedByDependency {
  file: string;
  by: string[];
  before: string;
  after: string;
}

/** At most this many changed files are shown to one worker (the most related first). */
export const MAX_CHANGED_FILES = 6;

const LEVELS = ['whole', 'diff', 'outline', 'dropped'] as const;
type Level = (typeof LEVELS)[number];

export interface DependencyContextInput {
  /** The worker's own file and its text as the worker is shown it (undefined for a file not there yet). */
  file: string;
  text: string | undefined;
  /** The subtask's direct dependencies: files they changed are more related than ones further back. */
  dependsOn: readonly string[];
  changed: readonly ChangedByDependency[];
  workerFileTokens: number;
  /** The worker's model, named in what the context says it left out. */
  model: string;
  /** Whether the request with this context (undefined: none) fits the model's window. */
  fits: (context: string | undefined) => boolean;
}

export const CHANGED_INTRO =
  'The subtasks this one depends on have run. These files are as they left them now (the shared context ' +
  'above shows them before the change); make your file fit them:';

/** The context section to append to the worker's message, or undefined when there is none. */
export function dependencyContext(input: DependencyContextInput): string | undefined {
  const ranked = byRelation(input);
  const shown = ranked.slice(0, MAX_CHANGED_FILES);
  const beyond = ranked.slice(MAX_CHANGED_FILES);
  const levels: Level[] = shown.map((c) =>
    estimateTokens(c.after) <= input.workerFileTokens ? 'whole' : 'diff',
  );
  const render = (): string | undefined => renderContext(shown, levels, beyond, input.model);
  let context = render();
  if (input.fits(context)) return context;
  // Shorten every file one level before any file goes further, least related first within each level.
  for (const target of LEVELS.slice(1)) {
    for (let i = shown.length - 1; i >= 0; i--) {
      if (LEVELS.indexOf(levels[i] ?? 'whole') >= LEVELS.indexOf(target)) continue;
      levels[i] = target;
      context = render();
      if (input.fits(context)) return context;
    }
  }
  return context; // all left out and still over: the request is refused before it is sent
}

/** Most related first: files the worker's own file imports, then ones its direct dependencies changed. */
function byRelation(input: DependencyContextInput): ChangedByDependency[] {
  const direct = new Set(input.dependsOn);
  const score = (c: ChangedByDependency): number =>
    (imports(input.file, input.text, c.file) ? 2 : 0) + (c.by.some((id) => direct.has(id)) ? 1 : 0);
  return input.changed
    .filter((c) => c.file !== input.file)
    .map((c, i) => ({ c, i, s: score(c) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map(({ c }) => c);
}

/** Whether `text` (of `file`) names `target` in a relative module specifier (`'./net'`, `"../lib/a.js"`). */
function imports(file: string, text: string | undefined, target: string): boolean {
  if (text === undefined) return false;
  let spec = posix.relative(posix.dirname(file), target).replace(/\.[cm]?[jt]sx?$/, '');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  const forms = [spec, `${spec}.js`, ...(spec.endsWith('/index') ? [spec.slice(0, -'/index'.length)] : [])];
  return forms.some((f) => text.includes(`'${f}'`) || text.includes(`"${f}"`));
}

function renderContext(
  shown: readonly ChangedByDependency[],
  levels: readonly Level[],
  beyond: readonly ChangedByDependency[],
  model: string,
): string | undefined {
  const blocks = shown.flatMap((c, i) => {
    const block = blockOf(c, levels[i] ?? 'whole', model);
    return block === undefined ? [] : [block];
  });
  const dropped = shown.filter((_, i) => levels[i] === 'dropped');
  const notes = [
    dropped.length === 0
      ? ''
      : `Left out to fit ${model}'s context window: ${dropped.map(named).join(', ')}.`,
    beyond.length === 0
      ? ''
      : `Not shown (at most ${MAX_CHANGED_FILES} changed files are): ${beyond.map(named).join(', ')}.`,
  ].filter(Boolean);
  if (blocks.length === 0 && notes.length === 0) return undefined;
  const left =
    notes.length === 0
      ? []
      : [`${notes.join(' ')} The plan above says what their subtasks change; rely on it for those files.`];
  return [CHANGED_INTRO, ...blocks, ...left].join('\n\n');
}

const named = (c: ChangedByDependency): string => `${c.file} (changed by ${c.by.join(', ')})`;

function blockOf(c: ChangedByDependency, level: Level, model: string): string | undefined {
  const by = `changed by ${c.by.join(', ')}`;
  if (level === 'whole') return dataBlock('file', c.file, `whole file, ${by}`, c.after);
  if (level === 'diff') {
    const diff = unifiedDiff([
      { file: c.file, before: c.before, after: c.after, beforeHash: undefined, isNew: false },
    ]);
    return dataBlock('file', c.file, `the change as a unified diff, ${by}`, diff);
  }
  if (level === 'outline') {
    const label = `outline: its top-level lines only, the rest left out to fit ${model}'s context window, ${by}`;
    return dataBlock('file', c.file, label, outline(c.after));
  }
  return undefined;
}

/** The lines that start at column 0 (declarations, their closing lines); each run of others becomes one "…". */
export function outline(text: string): string {
  const out: string[] = [];
  let skipped = 0;
  const flush = (): void => {
    if (skipped > 0) out.push(`  … (${skipped} line${skipped === 1 ? '' : 's'} left out)`);
    skipped = 0;
  };
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (line !== '' && !/^\s/.test(line)) {
      flush();
      out.push(line);
    } else if (line.trim() !== '') skipped++;
  }
  flush();
  return out.join('\n');
}
