/**
 * The words of the change view's rows and of the report's hunk section: a file's outcome, a hunk's line
 * counts and its provenance. Pure (no `vscode`), so unit tests cover it.
 */
import { usd } from '../../core/report';
import type {
  ChangeHunk,
  FileChange,
  RefactorResult,
  SubtaskOutcome,
  SubtaskStatus,
} from '../../core/runTypes';

/**
 * `done`, `unchanged: why`, `failed: why`, or who changed a file no subtask of its own planned. A file several
 * subtasks worked on gets their combined outcome: each status in step order and the worst one's reason, e.g.
 * `2 steps: done, failed — invalid edits` (the first step's outcome alone would hide a later failure).
 */
export function fileOutcome(result: RefactorResult, change: FileChange): string {
  const outcomes = outcomesOf(result, change.file);
  const [first] = outcomes;
  if (!first) {
    const writers = new Set(change.hunks?.flatMap((h) => h.origin.subtasks.map((s) => s.file)) ?? []);
    return writers.size ? `changed by ${[...writers].join(', ')}` : 'changed';
  }
  if (outcomes.length === 1) return stepOutcome(first);
  const counts = new Map<SubtaskStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const statuses = [...counts].map(([status, n]) => (n > 1 ? `${n} ${status}` : status)).join(', ');
  const worst = outcomes.reduce((w, o) => (SEVERITY[o.status] > SEVERITY[w.status] ? o : w));
  const why = worst.status === 'done' ? undefined : whyOf(worst);
  return `${outcomes.length} steps: ${statuses}${why ? ` — ${why}` : ''}`;
}

/** The tooltip's lines for a file several subtasks worked on: each one's id, handler and outcome, in order. */
export function stepLines(result: RefactorResult, file: string): string[] {
  const outcomes = outcomesOf(result, file);
  if (outcomes.length < 2) return [];
  return outcomes.map((o, i) => {
    const added = o.origin === 'follow-up' ? ', added by the type-check' : '';
    return `step ${i + 1} (${o.id ?? o.file}, ${o.handler}${added}): ${stepOutcome(o)}`;
  });
}

/** Worse outcomes rank higher: a failure outweighs a skip, a skip a file left unchanged. */
const SEVERITY: Record<SubtaskStatus, number> = {
  done: 0,
  unchanged: 1,
  'dropped-cap': 2,
  'skipped-budget': 2,
  'skipped-dependency': 2,
  cancelled: 3,
  conflict: 4,
  failed: 5,
};

/** Each result's outcomes by file, indexed once: 1,000 file rows must not scan 1,000 outcomes each. */
const byFile = new WeakMap<RefactorResult, Map<string, SubtaskOutcome[]>>();

function outcomesOf(result: RefactorResult, file: string): readonly SubtaskOutcome[] {
  let index = byFile.get(result);
  if (!index) {
    index = new Map();
    for (const o of result.outcomes) index.set(o.file, [...(index.get(o.file) ?? []), o]);
    byFile.set(result, index);
  }
  return index.get(file) ?? [];
}

function whyOf(outcome: SubtaskOutcome): string | undefined {
  return outcome.reason ?? outcome.notes;
}

function stepOutcome(outcome: SubtaskOutcome): string {
  if (outcome.status === 'done') return 'done';
  const why = whyOf(outcome);
  return why ? `${outcome.status}: ${why}` : outcome.status;
}

/** New type errors the result has in the file. */
export function newTypeErrors(result: RefactorResult, file: string): number {
  return result.diagnostics.introduced.filter((d) => d.file === file).length;
}

export function lineCounts(added: number, removed: number): string {
  return `+${added} −${removed}`;
}

/** Who wrote a hunk, in words: each subtask with handler, attempts and cost share; the repair if it did. */
export function provenanceText(hunk: ChangeHunk): string {
  const o = hunk.origin;
  const lines = o.subtasks.map((s) => {
    const attempts =
      s.attempts === 0 ? 'no model call' : `${s.attempts} attempt${s.attempts === 1 ? '' : 's'}`;
    const retries = s.attempts > 1 ? ` (${s.attempts - 1} retr${s.attempts === 2 ? 'y' : 'ies'})` : '';
    return `subtask ${s.file} (${s.handler}): ${attempts}${retries}, cost share ${usd(s.costShareUsd)}`;
  });
  if (o.repair) lines.push(`repair round: rewrote this hunk, cost share ${usd(o.repairCostShareUsd)}`);
  if (lines.length === 0) lines.push('no subtask proposed this hunk');
  return lines.join('\n');
}

/** The report's section: every hunk of every changed file with its provenance. */
export function provenanceSection(result: RefactorResult): string {
  const out = ['## Hunks and where they came from', ''];
  for (const change of result.changes) {
    out.push(`- \`${change.file}\` (${fileOutcome(result, change)})`);
    for (const h of change.hunks ?? []) {
      const who = provenanceText(h).split('\n').join('; ');
      out.push(`  - line ${h.line}, ${lineCounts(h.added, h.removed)}: ${who}`);
    }
  }
  if (result.changes.length === 0) out.push('No changes.');
  return out.join('\n');
}
