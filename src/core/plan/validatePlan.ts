/**
 * Checks a parsed plan against the workspace and enforces the cap in code: the model is told the cap,
 * but only this function decides how many subtasks run.
 */
import type { Plan, Subtask } from './planSchema';
import { isSourceFile } from '../workspace/paths';

export interface PlanCheckHost {
  /** Normalised relative path, or undefined when the path leaves the workspace. */
  resolveInside(file: string): string | undefined;
  exists(file: string): boolean;
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

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function checkPlan(plan: Plan, host: PlanCheckHost, maxWorkers: number): PlanCheck {
  const problems: string[] = [];
  const rejected: PlanCheck['rejected'] = [];
  const seen = new Set<string>();
  const valid: Subtask[] = [];
  for (const subtask of plan.subtasks) {
    const reason = subtaskProblem(subtask, host);
    if (reason) {
      rejected.push({ file: subtask.file, reason });
      problems.push(`${subtask.file}: ${reason}`);
      continue;
    }
    const file = host.resolveInside(subtask.file) as string;
    if (seen.has(file)) {
      problems.push(`${file}: more than one subtask for this file; merge them into one`);
      continue;
    }
    seen.add(file);
    valid.push({ ...subtask, file });
  }
  const { kept, dropped } = capSubtasks(valid, maxWorkers);
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
  const exists = host.exists(file);
  if (subtask.handler === 'create') {
    if (exists) return 'handler "create" names a file that already exists; use "llm"';
    if (!isSourceFile(file))
      return 'new files must be TypeScript or JavaScript (.ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs)';
    // `a.ts/b.ts` with `a.ts` a file can neither be type-checked nor written.
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (host.exists(parent)) return `${parent} is a file, so it cannot hold a new file`;
    }
    return undefined;
  }
  if (!exists) return 'no such file in the workspace (use handler "create" for new files)';
  if (subtask.handler === 'rename') {
    if (!subtask.rename) return 'handler "rename" needs rename.from and rename.to';
    if (!IDENTIFIER.test(subtask.rename.to)) return `"${subtask.rename.to}" is not a valid identifier`;
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
