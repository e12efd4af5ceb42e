/** The order a plan's steps run in: what a step waits for, and the deterministic steps' sequence. */
import type { Plan } from '../plan/planSchema';
import type { IdentifiedSubtask } from '../plan/dependencies';
import type { SubtaskOutcome } from '../runTypes';

/** Outcomes that let a dependent start: the step did its part (a step that had nothing to change did too). */
export const FINISHED: ReadonlySet<SubtaskOutcome['status']> = new Set(['done', 'unchanged']);

/** The ids `s` waits for, directly or through others. */
export function dependencyClosure(plan: Plan, s: IdentifiedSubtask): Set<string> {
  const seen = new Set<string>();
  const stack = [...(s.dependsOn ?? [])];
  while (stack.length > 0) {
    const at = stack.pop() as string;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...(plan.subtasks.find((x) => x.id === at)?.dependsOn ?? []));
  }
  return seen;
}

/** Deterministic steps in plan order, except that a step waits for the steps it depends on. */
export function deterministicOrder(steps: IdentifiedSubtask[]): IdentifiedSubtask[] {
  const ids = new Set(steps.map((s) => s.id));
  const out: IdentifiedSubtask[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (out.length < steps.length && progress) {
    progress = false;
    for (const s of steps) {
      if (placed.has(s.id)) continue;
      if ((s.dependsOn ?? []).some((d) => ids.has(d) && !placed.has(d))) continue;
      out.push(s);
      placed.add(s.id);
      progress = true;
    }
  }
  // Steps on a cycle keep their plan order; each is then skipped for its dependency that did not run.
  return [...out, ...steps.filter((s) => !placed.has(s.id))];
}
