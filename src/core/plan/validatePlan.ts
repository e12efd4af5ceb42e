/**
 * Checks a parsed plan against the workspace and enforces the cap in code: the model is told the cap,
 * but only this function decides how many subtasks run.
 */
import type { HandlerHost, PlannedStep } from '../handlers/handler';
import { HANDLERS, handlerFor } from '../handlers/registry';
import type { Plan, Subtask } from './planSchema';
import { dependencyProblems, dependsOn, waitsFor, withIds, type IdentifiedSubtask } from './dependencies';
import type { PlanGroup } from './groupSchema';
import { expandGroups, groupName, type ExpandedGroup } from './groups';
import { isJsFile } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';

export interface PlanCheckHost extends HandlerHost {
  /** Normalised relative path, or undefined when the path leaves the workspace. */
  resolveInside(file: string): string | undefined;
  /** Why the workspace left this file out (too large, minified, not UTF-8), if it did. */
  skippedReason?(file: string): string | undefined;
}

export interface PlanCheck {
  /** The plan with normalised paths, deduplicated, capped; every subtask has an `id`. */
  plan: Plan;
  /** Problems worth re-asking the model about (unknown files, outside paths, duplicates, over the cap). */
  problems: string[];
  /** Files beyond the cap, lowest priority first out. */
  dropped: string[];
  /** Subtasks removed as invalid (outside the workspace, unknown file), with why. */
  rejected: Array<{ file: string; reason: string }>;
  /** The plan's file groups, expanded into its subtasks (`members`); empty for a plan without any. */
  groups: PlanGroup[];
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
  const seen = new Map<string, IdentifiedSubtask[]>();
  const valid: IdentifiedSubtask[] = [];
  const identified = withIds(plan.subtasks);
  // Groups become ordinary subtasks first, so every check below (and the cap) sees each member file.
  const expansion = expandGroups(identified.subtasks, host);
  for (const r of expansion.rejected) {
    rejected.push(r);
    problems.push(`${r.file}: ${r.reason}`);
  }
  const all = expansion.subtasks;
  const inGroup = (s: IdentifiedSubtask): ExpandedGroup | undefined => expansion.memberOf.get(s.id);
  for (const subtask of all) {
    const group = inGroup(subtask);
    const reason = subtaskProblem(subtask, withArrivals(host, arrivalsFor(subtask, all, host), subtask));
    if (reason) {
      rejected.push({ file: subtask.file, reason: group ? `${reason} (in ${groupName(group)})` : reason });
      problems.push(`${subtask.file}${group ? ` (in ${groupName(group)})` : ''}: ${reason}`);
      continue;
    }
    const file = host.resolveInside(subtask.file) as string;
    const earlier = seen.get(file) ?? [];
    const clash = sharedFileProblem(earlier, subtask, all);
    if (clash) {
      problems.push(`${file}: ${clash}${clashNote(subtask, earlier, inGroup)}`);
      continue;
    }
    seen.set(file, [...earlier, subtask]);
    valid.push(normalised(subtask, file, host));
  }
  problems.push(...dependencyProblems(valid, identified.duplicates));
  const inPlan = planWideProblems(valid, host);
  for (const { subtask, reason } of inPlan) {
    rejected.push({ file: subtask.file, reason });
    problems.push(`${subtask.file}: ${reason}`);
  }
  // Ids are written into the plan once it uses them (so a later re-check keeps them when subtasks are
  // removed); a plan without any keeps its shape, and dispatch numbers its subtasks for itself.
  const usesIds = plan.subtasks.some(
    (s) => s.id !== undefined || s.dependsOn !== undefined || s.group !== undefined,
  );
  const accepted = valid.filter((s) => !inPlan.some((p) => p.subtask === s));
  const { kept, dropped } = capSubtasks(usesIds ? accepted : accepted.map(withoutId), maxWorkers);
  if (dropped.length > 0) {
    const counted = expansion.groups.length > 0 ? ' (a group counts each of its files)' : '';
    problems.push(
      `the plan has ${valid.length} subtasks${counted} but at most ${maxWorkers} are allowed; keep the most important`,
    );
  }
  return {
    plan: { summary: plan.summary, subtasks: kept },
    problems,
    dropped,
    rejected,
    groups: reviewGroups(expansion.groups, kept),
  };
}

/** For a clash that involves a group's member, which group, and how to resolve it. */
function clashNote(
  subtask: IdentifiedSubtask,
  earlier: readonly IdentifiedSubtask[],
  inGroup: (s: IdentifiedSubtask) => ExpandedGroup | undefined,
): string {
  const groups = [subtask, ...earlier].flatMap((s) => {
    const g = inGroup(s);
    return g === undefined ? [] : [g];
  });
  if (groups.length === 0) return '';
  const named = [...new Set(groups)].map(groupName).join(' and ');
  return ` (the file is a member of ${named}; leave it out of the group with its "except", or out of the other subtask)`;
}

/** The groups as the review shows them: each with its members that are still in the checked plan. */
function reviewGroups(groups: readonly ExpandedGroup[], kept: readonly Subtask[]): PlanGroup[] {
  if (groups.length === 0) return [];
  const keptById = new Map(kept.flatMap((s) => (s.id === undefined ? [] : [[s.id, s.file] as const])));
  return groups.map(({ memberIds, ...g }) => ({
    ...g,
    members: memberIds.flatMap((id) => {
      const file = keptById.get(id);
      return file === undefined ? [] : [{ id, file }];
    }),
  }));
}

/**
 * The paths the steps a subtask waits for (directly or not) move files to: they exist by the time it runs,
 * so a step may edit a file at its new path (a move, then an llm edit of the moved file).
 */
function arrivalsFor(
  subtask: IdentifiedSubtask,
  all: readonly IdentifiedSubtask[],
  host: PlanCheckHost,
): Set<string> {
  const waited = waitsFor(all, subtask.id);
  const arrivals = new Set<string>();
  for (const s of all) {
    if (!waited.has(s.id) || s.to === undefined || handlerFor(s.handler).takesTarget !== true) continue;
    const to = host.resolveInside(s.to);
    if (to !== undefined) arrivals.add(to);
  }
  return arrivals;
}

/**
 * The host as `subtask` sees it once the moves it waits for ran. On a path only a move creates the code is
 * not there yet, so a refactor step is not dry-run on it: its arguments are checked, and the run (on the
 * moved text) refuses what TypeScript cannot do.
 */
function withArrivals(host: PlanCheckHost, arrivals: ReadonlySet<string>, subtask: Subtask): PlanCheckHost {
  if (arrivals.size === 0) return host;
  const exists = (f: string): boolean => arrivals.has(f) || host.exists(f);
  const file = host.resolveInside(subtask.file);
  if (file === undefined || !arrivals.has(file) || host.exists(file)) return { ...host, exists };
  const { workspace: _notYet, ...rest } = host;
  return { ...rest, exists };
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
function normalised<S extends Subtask>(subtask: S, file: string, host: PlanCheckHost): S {
  const to = subtask.to === undefined ? undefined : host.resolveInside(subtask.to);
  return to === undefined ? { ...subtask, file } : { ...subtask, file, to };
}

/** Checks that need the whole plan (two moves to one target, a delete whose importers stay), in plan order. */
function planWideProblems(
  valid: readonly IdentifiedSubtask[],
  host: PlanCheckHost,
): Array<{ subtask: Subtask; reason: string }> {
  const steps: PlannedStep[] = valid.map((subtask) => ({
    subtask,
    usesModel: handlerFor(subtask.handler).usesModel,
    waitsFor: waitsFor(valid, subtask.id),
  }));
  return valid.flatMap((subtask, i) => {
    const reason = handlerFor(subtask.handler).validateInPlan?.(steps, i, host);
    return reason === undefined ? [] : [{ subtask, reason }];
  });
}

/**
 * One subtask per file, except for steps that run one after another on it: deterministic handlers that
 * may share one (several renames declared in one file, a rename and a refactor step on it) must set
 * `sameFile` and each name a different thing; a model step may follow them (they run first), and two
 * model steps may share a file only when one depends (directly or not) on the other.
 */
function sharedFileProblem(
  earlier: IdentifiedSubtask[],
  subtask: IdentifiedSubtask,
  all: readonly IdentifiedSubtask[],
): string | undefined {
  if (earlier.length === 0) return undefined;
  const handler = handlerFor(subtask.handler);
  const sameFile = handler.sameFile;
  const chained = (s: IdentifiedSubtask): boolean =>
    dependsOn(all, subtask.id, s.id) || dependsOn(all, s.id, subtask.id);
  const shares = (s: IdentifiedSubtask): boolean => {
    const other = handlerFor(s.handler);
    if (other.usesModel && handler.usesModel) return chained(s);
    // A model step after a deterministic one works on its result.
    if (other.usesModel !== handler.usesModel) return true;
    if (other.sameFile === undefined) return false;
    return s.handler === subtask.handler || (!other.usesModel && !handler.usesModel);
  };
  if (!earlier.every(shares)) {
    const models = [subtask, ...earlier].filter((s) => handlerFor(s.handler).usesModel).length;
    return models > 1
      ? 'more than one subtask for this file; merge them into one, or make the later one depend on the earlier (dependsOn)'
      : 'more than one subtask for this file; merge them into one';
  }
  const steps = earlier.filter((e) => !handlerFor(e.handler).usesModel);
  if (handler.usesModel || steps.length === 0) return undefined;
  if (sameFile === undefined) return 'more than one subtask for this file; merge them into one';
  const key = sameFile.key(subtask);
  if (steps.some((e) => e.handler === subtask.handler && sameFile.key(e) === key)) {
    return `more than one "${subtask.handler}" subtask for the same ${sameFile.per} (${key}); keep one`;
  }
  return undefined;
}

function withoutId(s: Subtask): Subtask {
  const copy = { ...s };
  delete copy.id;
  return copy;
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
