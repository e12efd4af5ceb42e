/**
 * Checks a parsed plan against the workspace and enforces the cap in code: the model is told the cap,
 * but only this function decides how many subtasks run.
 */
import type { HandlerHost, PlannedStep } from '../handlers/handler';
import { HANDLERS, handlerFor } from '../handlers/registry';
import type { Plan, Subtask } from './planSchema';
import { isJsFile } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';

export interface PlanCheckHost extends HandlerHost {
  /** Normalised relative path, or undefined when the path leaves the workspace. */
  resolveInside(file: string): string | undefined;
  /** Why the workspace left this file out (too large, minified, not UTF-8), if it did. */
  skippedReason?(file: string): string | undefined;
}

export interface PlanCheck {
  /** The plan with normalised paths, deduplicated, capped. */
  plan: Plan;
  /** Problems worth re-asking the model about (unknown files, outside paths, duplicates, over the cap). */
  problems: string[];
  /** Files beyond the cap, lowest priority first out. */
  dropped: string[];
  /** Subtasks removed as invalid (outside the workspace, unknown file), with why. */
  rejected: Array<{ file: string; reason: string }>;
}

/** The plan checker's view of a workspace. */
export function planCheckHost(ws: Workspace): PlanCheckHost {
  let js: boolean | undefined;
  return {
    resolveInside: (f) => ws.resolveInside(f),
    exists: (f) => ws.readText(f) !== undefined,
    skippedReason: (f) => ws.skipped?.find((s) => s.file === f)?.reason,
    holdsJavaScript: () => (js ??= ws.listFiles().some(isJsFile)),
    // Refactor steps are dry-run on the code, so one TypeScript cannot do is re-asked about, not run.
    workspace: ws,
  };
}

export function checkPlan(plan: Plan, host: PlanCheckHost, maxWorkers: number): PlanCheck {
  const problems: string[] = [];
  const rejected: PlanCheck['rejected'] = [];
  const seen = new Map<string, Subtask[]>();
  const valid: Subtask[] = [];
  for (const subtask of plan.subtasks) {
    const reason = subtaskProblem(subtask, host);
    if (reason) {
      rejected.push({ file: subtask.file, reason });
      problems.push(`${subtask.file}: ${reason}`);
      continue;
    }
    const file = host.resolveInside(subtask.file) as string;
    const earlier = seen.get(file) ?? [];
    const clash = sharedFileProblem(earlier, subtask);
    if (clash) {
      problems.push(`${file}: ${clash}`);
      continue;
    }
    seen.set(file, [...earlier, subtask]);
    valid.push(normalised(subtask, file, host));
  }
  const inPlan = planWideProblems(valid, host);
  for (const { subtask, reason } of inPlan) {
    rejected.push({ file: subtask.file, reason });
    problems.push(`${subtask.file}: ${reason}`);
  }
  const { kept, dropped } = capSubtasks(
    valid.filter((s) => !inPlan.some((p) => p.subtask === s)),
    maxWorkers,
  );
  if (dropped.length > 0) {
    problems.push(
      `the plan has ${valid.length} subtasks but at most ${maxWorkers} are allowed; keep the most important`,
    );
  }
  return { plan: { summary: plan.summary, subtasks: kept }, problems, dropped, rejected };
}

function subtaskProblem(subtask: Subtask, host: PlanCheckHost): string | undefined {
  const file = host.resolveInside(subtask.file);
  if (file === undefined) return 'path is outside the workspace';
  // Skipped files are not in the type-checked project (and may be huge or generated): never edit them.
  const skipped = host.skippedReason?.(file);
  if (skipped !== undefined) return `the workspace skips this file: ${skipped}; leave it out`;
  const handler = handlerFor(subtask.handler);
  if (subtask.to !== undefined) {
    if (handler.takesTarget !== true) return `"to" is only for handler ${TARGET_HANDLERS}`;
    if (host.resolveInside(subtask.to) === undefined)
      return `the target ${subtask.to} is outside the workspace`;
  }
  return handler.validate(normalised(subtask, file, host), host);
}

const TARGET_HANDLERS = HANDLERS.filter((h) => h.takesTarget === true)
  .map((h) => `"${h.name}"`)
  .join(' or ');

/** The subtask with its path (and its target's) normalised. */
function normalised(subtask: Subtask, file: string, host: PlanCheckHost): Subtask {
  const to = subtask.to === undefined ? undefined : host.resolveInside(subtask.to);
  return to === undefined ? { ...subtask, file } : { ...subtask, file, to };
}

/** Checks that need the whole plan (two moves to one target, a delete whose importers stay), in plan order. */
function planWideProblems(
  valid: readonly Subtask[],
  host: PlanCheckHost,
): Array<{ subtask: Subtask; reason: string }> {
  const steps: PlannedStep[] = valid.map((subtask) => ({
    subtask,
    usesModel: handlerFor(subtask.handler).usesModel,
  }));
  return steps.flatMap((step, i) => {
    const reason = handlerFor(step.subtask.handler).validateInPlan?.(steps, i, host);
    return reason === undefined ? [] : [{ subtask: step.subtask, reason }];
  });
}

/**
 * One subtask per file, except for handlers that may share one (several renames declared in one file, a
 * rename and a refactor step on it): each of them must set `sameFile`, each name a different thing, and
 * handlers of different kinds may only meet on a file when none uses a model (those run in sequence).
 */
function sharedFileProblem(earlier: Subtask[], subtask: Subtask): string | undefined {
  if (earlier.length === 0) return undefined;
  const handler = handlerFor(subtask.handler);
  const sameFile = handler.sameFile;
  const shares = (s: Subtask): boolean => {
    const other = handlerFor(s.handler);
    if (other.sameFile === undefined) return false;
    return s.handler === subtask.handler || (!other.usesModel && !handler.usesModel);
  };
  if (sameFile === undefined || !earlier.every(shares)) {
    return 'more than one subtask for this file; merge them into one';
  }
  const key = sameFile.key(subtask);
  if (earlier.some((e) => e.handler === subtask.handler && sameFile.key(e) === key)) {
    return `more than one "${subtask.handler}" subtask for the same ${sameFile.per} (${key}); keep one`;
  }
  return undefined;
}

/** Keeps the `cap` highest-priority subtasks (stable for equal priority); the rest are dropped. */
export function capSubtasks(subtasks: Subtask[], cap: number): { kept: Subtask[]; dropped: string[] } {
  if (subtasks.length <= cap) return { kept: subtasks, dropped: [] };
  const ranked = subtasks.map((s, i) => ({ s, i })).sort((a, b) => b.s.priority - a.s.priority || a.i - b.i);
  const keep = new Set(ranked.slice(0, Math.max(0, cap)).map((r) => r.i));
  return {
    kept: subtasks.filter((_, i) => keep.has(i)),
    dropped: subtasks.filter((_, i) => !keep.has(i)).map((s) => s.file),
  };
}
