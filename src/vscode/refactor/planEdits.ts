/** The user's review choices applied to a plan. Pure, so unit tests cover it. */
import { isDeepStrictEqual } from 'node:util';
import type { Plan } from '../../core/plan/planSchema';

export interface ReviewChoices {
  /** Files the user unticked. */
  excluded?: readonly string[];
  /** New instructions per file. */
  instructions?: Readonly<Record<string, string>>;
}

export function applyReviewChoices(plan: Plan, choices: ReviewChoices): Plan {
  const excluded = new Set(choices.excluded ?? []);
  const edited = choices.instructions ?? {};
  return {
    summary: plan.summary,
    subtasks: plan.subtasks
      .filter((s) => !excluded.has(s.file))
      .map((s) => {
        const text = edited[s.file]?.trim();
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
