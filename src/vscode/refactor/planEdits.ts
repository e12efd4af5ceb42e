/** The user's review choices applied to a plan. Pure, so unit tests cover it. */
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
