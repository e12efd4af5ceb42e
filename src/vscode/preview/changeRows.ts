/**
 * The words of the change view's rows and of the report's hunk section: a file's outcome, a hunk's line
 * counts and its provenance. Pure (no `vscode`), so unit tests cover it.
 */
import { usd } from '../../core/report';
import type { ChangeHunk, FileChange, RefactorResult } from '../../core/runTypes';

/** `done`, `unchanged: why`, `failed: why`, or who changed a file no subtask of its own planned. */
export function fileOutcome(result: RefactorResult, change: FileChange): string {
  const outcome = result.outcomes.find((o) => o.file === change.file);
  if (!outcome) {
    const writers = new Set(change.hunks?.flatMap((h) => h.origin.subtasks.map((s) => s.file)) ?? []);
    return writers.size ? `changed by ${[...writers].join(', ')}` : 'changed';
  }
  if (outcome.status === 'done') return 'done';
  const why = outcome.reason ?? outcome.notes;
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
