/**
 * What the preview shows beside the diff before Apply: new type errors, planned files left unchanged (with
 * their reason), failed subtasks (a follow-up marked "added by the type-check"), out-of-scope hunks,
 * references to renamed names left, planned files the `maxWorkers` cap left undone (one row naming them) and
 * (in the summary) plan steps the plan check rejected. Pure (no
 * `vscode`), so unit tests cover it; previewFlow.ts turns each item into a QuickPick row that opens its line.
 */
import { describeHunk, originNote, printable } from '../../core/report';
import type { RefactorResult } from '../../core/runTypes';

export type ProblemKind = 'type-error' | 'subtask' | 'out-of-scope' | 'left-to-do' | 'dropped-cap';

/** Dropped files named in the cap's row; the report (Show Report) names them all. */
const DROPPED_NAMED = 10;

export interface PreviewProblem {
  kind: ProblemKind;
  label: string;
  detail: string;
  file: string;
  /** 1-based line to open. */
  line: number;
  /**
   * Which text the line is in: the result ('after', the preview's right side), or the file as the run read
   * it ('before', where out-of-scope hunks are numbered).
   */
  side: 'after' | 'before';
}

export function previewProblems(result: RefactorResult): PreviewProblem[] {
  const problems: PreviewProblem[] = [];
  for (const d of result.diagnostics.introduced) {
    problems.push({
      kind: 'type-error',
      label: `$(error) ${d.file}:${d.line}`,
      detail: `TS${d.code} ${d.message}`,
      file: d.file,
      line: d.line,
      side: 'after',
    });
  }
  const changed = new Set(result.changes.map((c) => c.file));
  for (const o of result.outcomes) {
    if (o.status === 'done' || (o.status === 'unchanged' && changed.has(o.file))) continue;
    const why = o.reason ?? o.notes ?? (o.status === 'unchanged' ? 'no reason given' : '');
    problems.push({
      kind: 'subtask',
      label: `$(warning) ${o.file}: ${o.status}${originNote(o)}`,
      detail: why,
      file: o.file,
      line: 1,
      side: 'after',
    });
  }
  for (const h of result.outOfScope) {
    problems.push({
      kind: 'out-of-scope',
      label: `$(circle-slash) ${h.file}:${h.line} out of scope (${h.dropped ? 'dropped' : 'kept'})`,
      detail: describeHunk(h),
      file: h.file,
      line: h.line,
      side: 'before',
    });
  }
  for (const o of result.obligations) {
    if (o.kind !== 'old-name') continue; // unchanged files are listed with their subtask above
    problems.push({
      kind: 'left-to-do',
      label: `$(warning) ${o.file}:${o.line ?? 1} left to do`,
      detail: o.message,
      file: o.file,
      line: o.line ?? 1,
      side: 'after',
    });
  }
  const dropped = droppedProblem(result.droppedFiles ?? []);
  if (dropped !== undefined) problems.push(dropped);
  return problems;
}

/**
 * One row for the files the plan named beyond `maxWorkers`: never worked on, so the change is not complete.
 * It opens the first of them as it is in the workspace (it may not exist yet: a file the plan would create).
 */
function droppedProblem(dropped: readonly string[]): PreviewProblem | undefined {
  const [first] = dropped;
  if (first === undefined) return undefined;
  const n = dropped.length;
  const more = n > DROPPED_NAMED ? `, … (${n - DROPPED_NAMED} more, all in Show Report)` : '';
  const named = dropped.slice(0, DROPPED_NAMED).map(printable).join(', ') + more;
  return {
    kind: 'dropped-cap',
    label: `$(circle-slash) ${n} planned file${n === 1 ? '' : 's'} left undone by the maxWorkers cap`,
    detail:
      `Never worked on: ${named}. The plan named more files than maxWorkers allows, so the lowest-priority ` +
      'ones were dropped; raise orchestra.maxWorkers (--max-workers) or run again for them.',
    file: first,
    line: 1,
    side: 'after',
  };
}

/** "2 new type errors, 1 file unchanged, 1 out-of-scope hunk kept" — empty when there is nothing to show. */
export function problemSummary(result: RefactorResult): string {
  const problems = previewProblems(result);
  const count = (kind: ProblemKind): number => problems.filter((p) => p.kind === kind).length;
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (count('type-error')) parts.push(plural(count('type-error'), 'new type error', 'new type errors'));
  if (count('subtask')) parts.push(plural(count('subtask'), 'subtask not done', 'subtasks not done'));
  const kept = result.outOfScope.filter((h) => !h.dropped).length;
  const dropped = result.outOfScope.length - kept;
  if (kept) parts.push(plural(kept, 'out-of-scope hunk kept', 'out-of-scope hunks kept'));
  if (dropped) parts.push(plural(dropped, 'out-of-scope hunk dropped', 'out-of-scope hunks dropped'));
  if (count('left-to-do')) parts.push(plural(count('left-to-do'), 'renamed name left', 'renamed names left'));
  const capped = result.droppedFiles ?? [];
  if (capped.length) {
    const shown = capped.slice(0, 3).map(printable).join(', ') + (capped.length > 3 ? ', …' : '');
    parts.push(
      `${plural(capped.length, 'planned file', 'planned files')} dropped by the maxWorkers cap (${shown})`,
    );
  }
  // Not rows of Show Problems: a rejected step's path may be outside the workspace, so there is no line to open.
  const rejected = result.rejected ?? [];
  if (rejected.length) {
    const named = rejected.map((r) => `${printable(r.file)}: ${printable(r.reason)}`).join('; ');
    parts.push(`${plural(rejected.length, 'plan step', 'plan steps')} rejected (${named})`);
  }
  return parts.join(', ');
}
