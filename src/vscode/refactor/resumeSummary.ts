/**
 * What a VS Code resume took from its journal, in the words the log, the notification and Show Last Run's report
 * use: the plan's subtasks reused and run now, and the type-check's repairs and follow-ups likewise (as
 * `orchestra resume --json` reports `resumed.fixes`). Pure (no `vscode`), so unit tests cover it.
 */
import { describeFixes, whyFixStale, type ResumedFix, type ResumedFixes } from '../../core/journal/journal';
import type { ResumedSummary } from '../engine/protocol';

/** What the resume took from the journal (a resume command's outcome carries it). */
export interface ResumedRun {
  /** Subtask ids whose journaled result was used, without a model call. */
  reused: string[];
  /** Subtask ids run now. */
  rerun: string[];
  /** Files of subtasks run again because they changed since the interruption. */
  stale: string[];
  /** The type-check's repairs and follow-ups: taken from the journal, run now, run again as stale. */
  fixes: ResumedFixes;
}

export function resumedRunOf(summary: ResumedSummary | undefined): ResumedRun {
  return {
    reused: summary?.reused ?? [],
    rerun: summary?.rerun ?? [],
    stale: (summary?.stale ?? []).map((s) => s.file),
    fixes: describeFixes(summary?.fixes ?? { reused: [], rerun: [], stale: [] }),
  };
}

/** "the repair of src/a.ts (round 1)" */
export function describeFix(f: ResumedFix): string {
  return `the ${f.origin} of ${f.file} (round ${f.round})`;
}

/** "Resumed: 2 subtask(s) from the journal, 1 run now; the type-check's repairs and follow-ups: 1 from …" */
export function resumeHeadline(r: ResumedRun): string {
  const { fixes } = r;
  return (
    `Resumed: ${r.reused.length} subtask(s) from the journal, ${r.rerun.length} run now` +
    (fixes.reused.length + fixes.rerun.length > 0
      ? `; the type-check's repairs and follow-ups: ${fixes.reused.length} from the journal, ${fixes.rerun.length} run now`
      : '') +
    '.'
  );
}

/** The output channel's lines: the headline, then each subtask and fix run again because it was stale. */
export function resumeLogLines(r: ResumedRun): string[] {
  return [
    resumeHeadline(r),
    ...r.stale.map((file) => `Re-run: ${file} changed since its result was journaled.`),
    ...r.fixes.stale.map((f) => `Re-run: ${describeFix(f)}: ${whyFixStale(f)}.`),
  ];
}

/** The notification when something was run again because it was stale; undefined when nothing was. */
export function resumeNotice(r: ResumedRun): string | undefined {
  const parts: string[] = [];
  if (r.stale.length > 0)
    parts.push(`re-run because they changed since the interruption: ${r.stale.join(', ')}`);
  if (r.fixes.stale.length > 0) {
    const fixes = r.fixes.stale.map((f) => `${describeFix(f)} (${whyFixStale(f)})`).join('; ');
    parts.push(`asked again: ${fixes}`);
  }
  if (parts.length === 0) return undefined;
  const sentences = parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1)));
  return `Orchestra: ${sentences.join('. ')}. ${resumeHeadline(r)}`;
}

/** Show Last Run's "Resumed" section: what came from the journal and what ran again, subtasks and fixes. */
export function resumeReportSection(r: ResumedRun): string {
  const list = (xs: readonly string[]): string => xs.join(', ') || 'none';
  const fixList = (xs: readonly ResumedFix[]): string => list(xs.map(describeFix));
  const lines = [
    '## Resumed',
    '',
    resumeHeadline(r),
    '',
    `- **Subtasks from the journal:** ${list(r.reused)}`,
    `- **Subtasks run now:** ${list(r.rerun)}`,
  ];
  if (r.stale.length > 0) lines.push(`- **Re-run because their files changed:** ${list(r.stale)}`);
  lines.push(
    `- **Repairs and follow-ups from the journal:** ${fixList(r.fixes.reused)}`,
    `- **Repairs and follow-ups run now:** ${fixList(r.fixes.rerun)}`,
  );
  for (const f of r.fixes.stale) lines.push(`  - re-run: ${describeFix(f)}: ${whyFixStale(f)}`);
  return lines.join('\n');
}
