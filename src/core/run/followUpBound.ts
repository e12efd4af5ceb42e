/**
 * How many follow-up calls the type-check may add to a plan (the review's "not in the estimate" figure), as a
 * bound it can reach rather than 2 × every free slot of the cap. A follow-up goes to a file outside the plan with
 * new errors that imports a changed file (causes.ts); the first round can reach the direct importers of the
 * files the run changes, the second also their importers (a first-round follow-up changed them). Each round runs
 * at most the slots `maxWorkers` leaves. Errors tied to a changed file only through a related location, with no
 * import between them, are not counted (they are rare: a global script, a transitive type). Pure over the
 * workspace's import graph; no model, no type-check.
 */
import { handlerFor } from '../handlers/registry';
import type { Plan } from '../plan/planSchema';
import { importGraphOf } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';
import { FIX_ROUNDS } from './followUps';

export interface FollowUpReach {
  /** Files outside the plan the first round can reach: importers of the files the run may change. */
  firstRound: string[];
  /** The first round's files and their importers outside the plan: what the second round can reach. */
  secondRound: string[];
}

/** The files outside the plan each round of follow-ups can reach, sorted. */
export function followUpReach(ws: Workspace, plan: Plan): FollowUpReach {
  const graph = importGraphOf(ws);
  const importers = (files: Iterable<string>): Set<string> => {
    const out = new Set<string>();
    for (const f of files) for (const e of graph.in.get(f) ?? []) out.add(e.from);
    return out;
  };
  const planned = new Set(plan.subtasks.map((s) => s.file));
  const changed = new Set(planned);
  for (const s of plan.subtasks) {
    if (s.to !== undefined) changed.add(s.to);
    const target = s.moveToFile?.to;
    if (target !== undefined) changed.add(target);
  }
  // A deterministic step (a rename, a move, TypeScript's refactors) also rewrites files that import its file.
  const rewriting = plan.subtasks.filter((s) => !handlerFor(s.handler).usesModel && s.handler !== 'delete');
  for (const f of importers(rewriting.map((s) => s.file))) changed.add(f);
  const outside = (files: Iterable<string>): string[] => [...files].filter((f) => !planned.has(f)).sort();
  const first = outside(new Set([...changed, ...importers(changed)]));
  const second = outside(new Set([...first, ...importers(first)]));
  return { firstRound: first, secondRound: second };
}

/** Follow-up calls the type-check may add (for the estimate; repairs come on top). */
export function followUpCallBound(
  ws: Workspace,
  plan: Plan,
  config: { maxWorkers: number; followUps: boolean },
): number {
  if (!config.followUps) return 0;
  const slots = Math.max(0, config.maxWorkers - plan.subtasks.length);
  if (slots === 0) return 0;
  const reach = followUpReach(ws, plan);
  const rounds = [reach.firstRound, reach.secondRound].slice(0, FIX_ROUNDS);
  return rounds.reduce((sum, files) => sum + Math.min(files.length, slots), 0);
}
