/** The user's review choices applied to a plan. Pure, so unit tests cover it. */
import { isDeepStrictEqual } from 'node:util';
import type { Plan } from '../../core/plan/planSchema';

/**
 * What the review changed, keyed by each subtask's review key (`reviewKeys`). A file's path is also accepted
 * (the command's `excludeFiles` / `instructions` arguments): it stands for every subtask of that file.
 */
export interface ReviewChoices {
  /** Review keys (or files) the user unticked. */
  excluded?: readonly string[];
  /** New instructions per review key (or file). */
  instructions?: Readonly<Record<string, string>>;
}

/**
 * One key per subtask, in plan order: its id when the plan gives ids, else its file, else — when several
 * subtasks share a file (two renames in one file) — `file#n`, the n-th of that file. A key is unique in its
 * plan, so unticking or editing one subtask never reaches another of the same file; and where a file has a
 * single subtask the key is the file, as the command's arguments name it.
 */
export function reviewKeys(plan: Plan): string[] {
  const perFile = new Map<string, number>();
  for (const s of plan.subtasks) perFile.set(s.file, (perFile.get(s.file) ?? 0) + 1);
  const seen = new Map<string, number>();
  return plan.subtasks.map((s) => {
    if (s.id !== undefined) return s.id;
    const n = (seen.get(s.file) ?? 0) + 1;
    seen.set(s.file, n);
    return (perFile.get(s.file) ?? 0) > 1 ? `${s.file}#${n}` : s.file;
  });
}

export function applyReviewChoices(plan: Plan, choices: ReviewChoices): Plan {
  const excluded = new Set(choices.excluded ?? []);
  const edited = choices.instructions ?? {};
  const keys = reviewKeys(plan);
  return {
    summary: plan.summary,
    subtasks: plan.subtasks
      .map((s, i) => ({ s, key: keys[i] ?? s.file }))
      .filter(({ s, key }) => !excluded.has(key) && !excluded.has(s.file))
      .map(({ s, key }) => {
        const text = (edited[key] ?? edited[s.file])?.trim();
        return text ? { ...s, instructions: text } : s;
      }),
  };
}

/**
 * The plan to hand `executeRun` as edited: undefined when the review left it as planned (the review builds a
 * new object either way), so the run keeps the estimate the user saw and counts no tokens again.
 */
export function editedPlan(planned: Plan, reviewed: Plan): Plan | undefined {
  return isDeepStrictEqual(planned, reviewed) ? undefined : reviewed;
}
