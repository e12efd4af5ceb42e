/**
 * Subtask ids and `dependsOn`: the ids the engine gives subtasks the model left unnamed, and the checks on
 * the dependency graph (duplicates, unknown ids, cycles, a deterministic step waiting on a model step).
 * Plan validation re-asks with these problems; dispatch orders by the same graph and skips what cannot run.
 */
import { handlerFor } from '../handlers/registry';
import type { Subtask } from './planSchema';

export type IdentifiedSubtask = Subtask & { id: string };

/**
 * Every subtask with an id: the model's own where it gave one (the first of a duplicate keeps it), else
 * `s<n>` by its position in the plan (`s1`, `s2`…), never one another subtask already uses. Idempotent.
 */
export function withIds(subtasks: readonly Subtask[]): {
  subtasks: IdentifiedSubtask[];
  duplicates: string[];
} {
  const taken = new Set<string>();
  const duplicates: string[] = [];
  const own = subtasks.map((s) => {
    if (s.id === undefined) return undefined;
    if (taken.has(s.id)) {
      duplicates.push(s.id);
      return undefined;
    }
    taken.add(s.id);
    return s.id;
  });
  const out = subtasks.map((s, i): IdentifiedSubtask => {
    let id = own[i];
    if (id === undefined) {
      id = `s${i + 1}`;
      for (let k = 2; taken.has(id); k++) id = `s${i + 1}_${k}`;
      taken.add(id);
    }
    return { ...s, id };
  });
  return { subtasks: out, duplicates: [...new Set(duplicates)] };
}

/** The subtask's id; for a subtask that never went through `withIds`, its file (one subtask per file then). */
export function subtaskId(s: Subtask): string {
  return s.id ?? s.file;
}

/** Problems with the plan's dependencies, in words the orchestrator (and a user) can act on. */
export function dependencyProblems(subtasks: readonly IdentifiedSubtask[], duplicates: string[]): string[] {
  const problems = duplicates.map(
    (id) => `more than one subtask has the id "${id}"; give each subtask its own id`,
  );
  const byId = new Map(subtasks.map((s) => [s.id, s]));
  for (const s of subtasks) {
    for (const dep of s.dependsOn ?? []) {
      const target = byId.get(dep);
      if (target === undefined) {
        problems.push(`${s.id} (${s.file}) depends on "${dep}", which no subtask has as its id`);
      } else if (handlerFor(target.handler).usesModel && !handlerFor(s.handler).usesModel) {
        problems.push(
          `${s.id} (${s.file}, "${s.handler}") depends on ${dep}, a model step; the steps that need no model ` +
            'run first, so they cannot wait for one: drop the dependency or make it the other way round',
        );
      }
    }
  }
  const cycle = findCycle(subtasks);
  if (cycle !== undefined) {
    problems.push(`the dependencies form a cycle (${cycle.join(' → ')}); a subtask cannot wait for itself`);
  }
  return problems;
}

/** One cycle of the graph as ids (first id repeated at the end), or undefined. */
export function findCycle(subtasks: readonly IdentifiedSubtask[]): string[] | undefined {
  const byId = new Map(subtasks.map((s) => [s.id, s]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const s of subtasks) {
    const found = visit(s.id);
    if (found) return found;
  }
  return undefined;
}

/** Whether `a` waits (directly or through others) for `b`. */
export function dependsOn(subtasks: readonly IdentifiedSubtask[], a: string, b: string): boolean {
  return waitsFor(subtasks, a).has(b);
}

/** The ids subtask `id` waits for, directly or through others (unknown ids included, as named). */
export function waitsFor(subtasks: readonly IdentifiedSubtask[], id: string): Set<string> {
  const byId = new Map(subtasks.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const stack = [...(byId.get(id)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const at = stack.pop() as string;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...(byId.get(at)?.dependsOn ?? []));
  }
  return seen;
}
