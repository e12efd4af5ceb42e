/**
 * Where each hunk of a run's result came from: the subtask(s) whose proposal holds it, or the repair round,
 * with the attempts and a share of the cost. Attached to the changes after the merge (and the repair), so the
 * change view, the report and `--json` name a hunk's origin without recomputing anything.
 */
import { textHunks, type TextHunk } from '../diff/textHunks';
import type { Plan } from '../plan/planSchema';
import type { ChangeHunk, FileChange, HunkSubtask, SubtaskOutcome } from '../runTypes';
import type { Proposal } from './combineChanges';

export interface ProvenanceInput {
  changes: FileChange[];
  plan: Plan;
  proposals: readonly Proposal[];
  outcomes: readonly SubtaskOutcome[];
  /** Files whose merged text the repair round replaced, with what their repair calls cost. */
  repairCostUsd: ReadonlyMap<string, number>;
}

/** The changes with `hunks` set (the same objects' fields, new objects). */
export function withProvenance(input: ProvenanceInput): FileChange[] {
  const byFile = input.changes.map((change) => ({ change, hunks: textHunks(change.before, change.after) }));
  // First who wrote what, then the cost shares (a subtask's cost split among every hunk it wrote).
  const writers = byFile.map(({ change, hunks }) =>
    hunks.map((h) => writersOf(change, h, input.proposals, input.repairCostUsd.has(change.file))),
  );
  const hunkCount = new Map<string, number>();
  for (const file of writers.flat().flatMap((w) => w.subtasks))
    hunkCount.set(file, (hunkCount.get(file) ?? 0) + 1);
  return byFile.map(({ change, hunks }, i) => {
    const fileWriters = writers[i] ?? [];
    const repaired = fileWriters.filter((w) => w.repair).length;
    const repairCost = input.repairCostUsd.get(change.file) ?? 0;
    const described = hunks.map((h, j): ChangeHunk => {
      const w = fileWriters[j] ?? { subtasks: [], repair: false };
      return {
        index: h.index,
        line: h.start + 1,
        removed: h.removed.length,
        added: h.added.length,
        origin: {
          subtasks: w.subtasks.map((file) => subtaskOf(file, input, hunkCount.get(file) ?? 1)),
          repair: w.repair,
          repairCostShareUsd: w.repair && repaired > 0 ? repairCost / repaired : 0,
        },
      };
    });
    return { ...change, hunks: described };
  });
}

interface Writers {
  subtasks: string[];
  repair: boolean;
}

/**
 * The subtasks with a proposal hunk on the same lines of `before`; `repair` when the file was repaired and
 * no proposal writes exactly this hunk (the repair round wrote or changed it).
 */
function writersOf(
  change: FileChange,
  hunk: TextHunk,
  proposals: readonly Proposal[],
  repairedFile: boolean,
): Writers {
  const subtasks: string[] = [];
  let exact = false;
  for (const p of proposals.filter((x) => x.file === change.file)) {
    const theirs = textHunks(change.before, p.after);
    const touching = theirs.filter((t) => touches(t, hunk));
    if (touching.length === 0) continue;
    if (!subtasks.includes(p.subtask)) subtasks.push(p.subtask);
    exact ||= touching.some((t) => sameHunk(t, hunk));
  }
  return { subtasks, repair: repairedFile && !exact };
}

/** Ranges of `before` that share a line, or an insertion at a point inside or at an edge of the other. */
function touches(a: TextHunk, b: TextHunk): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const within = (point: TextHunk, range: TextHunk): boolean =>
    point.start === point.end && range.start <= point.start && point.start <= range.end;
  return within(a, b) || within(b, a);
}

function sameHunk(a: TextHunk, b: TextHunk): boolean {
  return a.start === b.start && a.end === b.end && a.added.join('') === b.added.join('');
}

/** `key`: a proposal's subtask, its id (or its file when the plan has no ids). */
function subtaskOf(key: string, input: ProvenanceInput, hunks: number): HunkSubtask {
  const outcome = input.outcomes.find((o) => (o.id ?? o.file) === key);
  const planned = input.plan.subtasks.find((s) => (s.id ?? s.file) === key);
  const file = outcome?.file ?? planned?.file ?? key;
  const handler = outcome?.handler ?? planned?.handler ?? 'llm';
  const cost = outcome?.costUsd ?? 0;
  const id = outcome?.id ?? planned?.id;
  return {
    file,
    ...(id !== undefined ? { id } : {}),
    handler,
    attempts: outcome?.attempts ?? 0,
    costShareUsd: cost / hunks,
  };
}
