/**
 * Synthesis of one run's proposals: the scope check (dropping out-of-scope hunks with `strictScope`), the
 * merge with its conflicts, and the file changes against what the run read. Nothing is written here.
 */
import type { WorkspaceFacts } from '../facts/types';
import type { Plan } from '../plan/planSchema';
import type { Conflict, FileChange, OutOfScopeHunk, SubtaskOutcome } from '../runTypes';
import type { Workspace } from '../workspace/workspace';
import { combineChanges, type Proposal } from './combineChanges';
import { stillImporting } from './deleteCheck';
import { NO_FILE_OPS, splitFileOps, type FileOps } from './fileOps';
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
  /** The files moved (new path → old) and deleted; a moved file's text is in `merged` under its new path. */
  ops: FileOps;
}

export function synthesize(input: SynthesisInput): Synthesis {
  const ws = input.workspace;
  const created = createdFiles(input.plan);
  const split = splitFileOps(input.proposals);
  // A moved file's text before is its origin's: edits on the new path are merged against that.
  const baseOf = (file: string): string | undefined => {
    const origin = split.ops.moved.get(file);
    if (origin !== undefined) return ws.readText(origin);
    return created.has(file) ? undefined : ws.readText(file);
  };
  const scope = checkScope({
    plan: input.plan,
    facts: input.facts,
    instruction: input.instruction,
    proposals: split.texts,
    baseText: baseOf,
    strict: input.strictScope,
  });
  const baseTexts = new Map<string, string>();
  for (const p of scope.proposals) baseTexts.set(p.file, baseOf(p.file) ?? '');
  const combined = combineChanges(baseTexts, scope.proposals, (key) => subtaskName(input.plan, key));
  const { merged } = combined;
  const conflicts = [...split.conflicts, ...combined.conflicts];
  for (const c of conflicts) markConflict(input.outcomes, c.subtasks, c.message);
  const ops = keptDeletes(ws, merged, split.ops, input.outcomes);
  // Proposals name subtasks by id; a conflict names them by file, as it always has.
  const fileOf = (key: string): string =>
    input.plan.subtasks.find((s) => (s.id ?? s.file) === key)?.file ?? key;
  const named = conflicts.map((c) => ({ ...c, subtasks: c.subtasks.map(fileOf) }));
  return { merged, conflicts: named, outOfScope: scope.outOfScope, ops };
}

/** The deletes whose file nothing imports any more; the others are refused on their subtask's outcome. */
function keptDeletes(
  ws: Workspace,
  merged: Map<string, string>,
  ops: FileOps,
  outcomes: SubtaskOutcome[],
): FileOps {
  const deleted = new Set(ops.deleted);
  for (const file of ops.deleted) {
    const importers = stillImporting(ws, file, merged, ops);
    if (importers.length === 0) continue;
    deleted.delete(file);
    const outcome = outcomes.find((o) => o.file === file && o.handler === 'delete');
    if (outcome) {
      outcome.status = 'failed';
      outcome.errorReason = 'bad-input';
      outcome.reason =
        `not deleted: ${file} would still be imported by ${importers.join(', ')} after the run; ` +
        'remove those imports (or delete those files too) and run again';
      delete outcome.notes;
    }
  }
  return { moved: ops.moved, deleted };
}

export function toChanges(
  ws: Workspace,
  merged: Map<string, string>,
  plan: Plan,
  ops: FileOps = NO_FILE_OPS,
): FileChange[] {
  // Files the plan creates were absent when it was checked; one the user has created since must not be
  // taken as the baseline (apply would then overwrite it), so they stay new and apply refuses them.
  const created = createdFiles(plan);
  const changes: FileChange[] = [];
  for (const [file, after] of merged) {
    const movedFrom = ops.moved.get(file);
    if (movedFrom !== undefined) {
      // A move is a change even when the text stays: apply removes the old path and writes the new one.
      const before = ws.readText(movedFrom) ?? '';
      changes.push({ file, before, after, beforeHash: ws.hashOf(movedFrom), isNew: false, movedFrom });
      continue;
    }
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
  for (const file of ops.deleted) {
    const before = ws.readText(file) ?? '';
    changes.push({ file, before, after: '', beforeHash: ws.hashOf(file), isNew: false, deleted: true });
  }
  return changes.sort((a, b) => a.file.localeCompare(b.file));
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
