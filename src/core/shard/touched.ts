/**
 * What keeps a deterministic step's results valid in a shard. In one process every worker starts from the
 * texts the deterministic steps left (a rename reaches far beyond its own file), so those steps and every
 * subtask on a file they change must run in one shard. The plan command runs the deterministic steps once,
 * in memory (no model call), and the plan file keeps the files they change.
 */
import { handlerFor } from '../handlers/registry';
import { contextFor, type PlannedRun, type RunDeps } from '../pipeline';
import { runSubtasks } from '../run/runSubtasks';
import type { Subtask } from '../plan/planSchema';

/** The workspace files the plan's deterministic steps change, move or delete, sorted. */
export async function deterministicTouches(deps: RunDeps, planned: PlannedRun): Promise<string[]> {
  const steps = planned.plan.subtasks.filter((s) => !handlerFor(s.handler).usesModel);
  if (steps.length === 0) return [];
  // Quiet: this is a look-ahead, not the run; its outcomes are not reported.
  const ctx = contextFor({ ...deps, onEvent: undefined }, planned.state);
  const run = await runSubtasks(ctx, { ...planned.plan, subtasks: steps }, new Map());
  const files = new Set<string>();
  for (const p of run.proposals) {
    files.add(p.file);
    if (p.movedFrom !== undefined) files.add(p.movedFrom);
  }
  return [...files].sort();
}

/**
 * The links `assignShards` adds for them: every deterministic step, and every subtask whose file (or target)
 * one of them changes, joined to the first deterministic step.
 */
export function deterministicLinks(
  subtasks: readonly Subtask[],
  touched: readonly string[],
): Array<[number, number]> {
  const changed = new Set(touched);
  const anchor = subtasks.findIndex((s) => !handlerFor(s.handler).usesModel);
  if (anchor < 0) return [];
  return subtasks.flatMap((s, i): Array<[number, number]> => {
    const joined =
      !handlerFor(s.handler).usesModel || changed.has(s.file) || (s.to !== undefined && changed.has(s.to));
    return joined && i !== anchor ? [[anchor, i]] : [];
  });
}
