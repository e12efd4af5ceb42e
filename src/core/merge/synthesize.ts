/**
 * Synthesis of one run's proposals: the scope check (dropping out-of-scope hunks with `strictScope`), the
 * merge with its conflicts, and the file changes against what the run read. Nothing is written here.
 */
import type { WorkspaceFacts } from '../facts/types';
import type { Plan } from '../plan/planSchema';
import type { Conflict, FileChange, OutOfScopeHunk, SubtaskOutcome } from '../runTypes';
import type { Workspace } from '../workspace/workspace';
import { combineChanges, type Proposal } from './combineChanges';
import { checkScope } from './scope';

export interface SynthesisInput {
  workspace: Workspace;
  plan: Plan;
  facts: Pick<WorkspaceFacts, 'seeds' | 'symbols'>;
  instruction: string;
  proposals: Proposal[];
  /** Marked `conflict` when their edits lose a merge. */
  outcomes: SubtaskOutcome[];
  strictScope: boolean;
}

export interface Synthesis {
  /** File → merged text, for every file a kept proposal touches. */
  merged: Map<string, string>;
  conflicts: Conflict[];
  outOfScope: OutOfScopeHunk[];
}

export function synthesize(input: SynthesisInput): Synthesis {
  const ws = input.workspace;
  const created = createdFiles(input.plan);
  const scope = checkScope({
    plan: input.plan,
    facts: input.facts,
    instruction: input.instruction,
    proposals: input.proposals,
    baseText: (file) => (created.has(file) ? undefined : ws.readText(file)),
    strict: input.strictScope,
  });
  const baseTexts = new Map<string, string>();
  for (const p of scope.proposals) baseTexts.set(p.file, ws.readText(p.file) ?? '');
  const { merged, conflicts } = combineChanges(baseTexts, scope.proposals, (key) =>
    subtaskName(input.plan, key),
  );
  for (const c of conflicts) markConflict(input.outcomes, c.subtasks, c.message);
  // Proposals name subtasks by id; a conflict names them by file, as it always has.
  const fileOf = (key: string): string =>
    input.plan.subtasks.find((s) => (s.id ?? s.file) === key)?.file ?? key;
  const named = conflicts.map((c) => ({ ...c, subtasks: c.subtasks.map(fileOf) }));
  return { merged, conflicts: named, outOfScope: scope.outOfScope };
}

export function toChanges(ws: Workspace, merged: Map<string, string>, plan: Plan): FileChange[] {
  // Files the plan creates were absent when it was checked; one the user has created since must not be
  // taken as the baseline (apply would then overwrite it), so they stay new and apply refuses them.
  const created = createdFiles(plan);
  const changes: FileChange[] = [];
  for (const [file, after] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
    const before = created.has(file) ? undefined : ws.readText(file);
    if (before === after) continue;
    changes.push({
      file,
      before: before ?? '',
      after,
      beforeHash: before === undefined ? undefined : ws.hashOf(file),
      isNew: before === undefined,
    });
  }
  return changes;
}

/** A subtask in a conflict's words: its file, with its id where several subtasks share the file. */
function subtaskName(plan: Plan, key: string): string {
  const subtask = plan.subtasks.find((s) => (s.id ?? s.file) === key);
  if (subtask === undefined) return key;
  const sharing = plan.subtasks.filter((s) => s.file === subtask.file).length;
  return sharing > 1 && subtask.id !== undefined ? `${subtask.file} (${subtask.id})` : subtask.file;
}

function createdFiles(plan: Plan): Set<string> {
  return new Set(plan.subtasks.filter((s) => s.handler === 'create').map((s) => s.file));
}

function markConflict(outcomes: SubtaskOutcome[], subtasks: string[], message: string): void {
  for (const o of outcomes) {
    if (subtasks.slice(1).includes(o.id ?? o.file) && o.status === 'done') {
      o.status = 'conflict';
      o.reason = message;
    }
  }
}
