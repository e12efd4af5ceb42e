/**
 * The type-check and its fix rounds. After the merge the result is checked against the baseline; each new
 * error is attributed to its cause (causes.ts) and fixed there: a repair for a file the run owns, a follow-up
 * — a subtask the type-check adds — for a file outside the plan. Fixes run concurrently under
 * `maxConcurrency`, each call reserved in the budget; follow-ups only within the `maxWorkers` slots the plan
 * leaves (plan + follow-ups never exceed the cap). Then the result is checked again, at most `FIX_ROUNDS`
 * times. A follow-up over the cap or the budget is an outcome saying so, never dropped silently.
 */
import type { SubtaskJournal } from '../journal/journal';
import type { ModelRequest } from '../llm/modelClient';
import { toChanges } from '../merge/synthesize';
import type { FileOps } from '../merge/fileOps';
import { compareDiagnostics, type DiagnosticsComparison } from '../merge/typecheck';
import type { Plan } from '../plan/planSchema';
import type { Diagnostic, FileChange, OutOfScopeHunk, SubtaskOutcome } from '../runTypes';
import { importGraphOf } from '../workspace/importGraph';
import type { WorkerResult } from '../worker/runWorker';
import { costOfLabel } from '../handlers/llm';
import { attributeCauses, type FixTarget } from './causes';
import { dispatchCapped } from './dispatch';
import { scopedFollowUp, type FollowUpScope } from './followUpScope';
import { hashesAt, journaledFix } from './journalHook';
import { fixLabel, runFix } from './repair';
import type { RunContext } from './runContext';

/** Fix rounds after the first check: a fix that still leaves errors gets one more, then the run stops. */
export const FIX_ROUNDS = 2;

export interface FixRoundsInput {
  plan: Plan;
  /** File → merged text; fixes are written into it. */
  merged: Map<string, string>;
  /** The plan's moves and deletes, kept in every check's changes. */
  ops?: FileOps;
  /** Files the user unticked in the plan's review: never added back as follow-ups, their errors reported. */
  excluded: ReadonlySet<string>;
  /** The request whose prefix the fixes reuse (a worker's, or one built for `file`). */
  template: (file: string) => ModelRequest | undefined;
  /** What follow-ups are scope-checked against, like the plan's workers; without it they are not checked. */
  scope?: FollowUpScope;
  /** Journals each fix and reuses a journaled one whose files still hash the same (resume). */
  journal?: SubtaskJournal;
}

export interface FixRoundsResult {
  changes: FileChange[];
  diagnostics: DiagnosticsComparison;
  /** One outcome per file the type-check added, `origin: 'follow-up'`, run or not (and why). */
  followUps: SubtaskOutcome[];
  /** Files of the run a repair rewrote, with what the repair cost (for each hunk's provenance). */
  repaired: Map<string, number>;
  /** Follow-ups' hunks the scope check found out of scope (dropped with `strictScope`). */
  outOfScope: OutOfScopeHunk[];
}

export async function checkAndFix(ctx: RunContext, input: FixRoundsInput): Promise<FixRoundsResult> {
  const ws = ctx.workspace;
  const { plan, merged } = input;
  const planned = new Set(plan.subtasks.map((s) => s.file));
  const followUps = new Map<string, FollowUp>();
  let changes = toChanges(ws, merged, plan, input.ops);
  let diagnostics = compareDiagnostics(ws, changes);
  const stop: { why?: string } = {};
  const settled = new Set<string>();
  const repaired = new Map<string, number>();
  const outOfScope: OutOfScopeHunk[] = [];
  for (let round = 1; round <= FIX_ROUNDS; round++) {
    if (ctx.signal?.aborted || stop.why !== undefined || diagnostics.introduced.length === 0) break;
    // A follow-up's file stays a follow-up once a round changed it.
    const owned = new Set([...merged.keys(), ...planned].filter((f) => !followUps.has(f)));
    const attribution = attributeCauses(causeInput(ctx, changes, owned, diagnostics.introduced));
    const left = [...attribution.unattributed];
    const runnable: FixTarget[] = [];
    for (const target of attribution.targets) {
      // A fix that changed nothing (or failed) is not asked again: the next round would get the same answer.
      if (settled.has(target.file)) left.push(...target.diagnostics);
      else if (target.kind === 'repair' || followUps.get(target.file)?.admitted === true)
        runnable.push(target);
      else if (!ctx.config.followUps || input.excluded.has(target.file)) left.push(...target.diagnostics);
      else if (admit(ctx, plan, followUps, target)) runnable.push(target);
    }
    if (round === 1 && left.length > 0) {
      const message = `${left.length} new type error(s) in files the run did not change; they are not repaired`;
      ctx.emit({ type: 'log', level: 'warn', message });
    }
    const template = runnable[0] === undefined ? undefined : input.template(runnable[0].file);
    if (template === undefined) break;
    announce(ctx, round, runnable);
    const results = await dispatchCapped(
      runnable.map((target) => ({
        key: target.file,
        run: async (): Promise<WorkerResult> => {
          const text = textOf(ws, merged, target.file);
          const hashOf = hashesAt(ws, merged, input.ops?.deleted ?? new Set());
          const fix = { target, round, text, hashOf };
          const result = await journaledFix(ctx, input.journal, fix, () =>
            runFix(ctx, target, text, changes, template),
          );
          // Once the budget or a cancel refuses one call, no further fix starts.
          const cause = result.ok ? undefined : result.error.cause?.reason;
          if (!result.ok && cause !== undefined && ['budget-exceeded', 'cancelled'].includes(cause))
            stop.why ??= result.error.message;
          return result;
        },
      })),
      {
        cap: runnable.length,
        concurrency: ctx.config.maxConcurrency,
        signal: ctx.signal,
        stopReason: () => stop.why,
      },
    );
    let progressed = false;
    results.forEach((r, i) => {
      const target = runnable[i] as FixTarget;
      const before = textOf(ws, merged, target.file);
      if (!r.started) {
        const why = r.detail ?? (r.why === 'cancelled' ? 'the run was cancelled' : 'not started');
        record(ctx, followUps, target, { ok: false, error: { message: why, attempts: 0 } }, r.why);
        return;
      }
      const result =
        target.kind === 'follow-up' && input.scope !== undefined
          ? scopedFollowUp(ctx, input.scope, plan, target, before, r.value, outOfScope)
          : r.value;
      if (result.ok && result.value.after !== before) {
        merged.set(target.file, result.value.after);
        if (target.kind === 'repair') repaired.set(target.file, costOfLabel(ctx, fixLabel(target)));
        progressed = true;
      } else settled.add(target.file);
      record(ctx, followUps, target, result);
    });
    if (!progressed) break;
    changes = toChanges(ws, merged, plan, input.ops);
    diagnostics = compareDiagnostics(ws, changes);
  }
  const done = [...followUps.values()].map((f) => f.outcome);
  return { changes, diagnostics, followUps: done, repaired, outOfScope };
}

interface FollowUp {
  outcome: SubtaskOutcome;
  /** It has a slot under the cap (every round may run it). */
  admitted: boolean;
  /** A round changed the file. */
  changed: boolean;
}

/** A slot under `maxWorkers` for a new follow-up, or an outcome saying there is none. */
function admit(ctx: RunContext, plan: Plan, followUps: Map<string, FollowUp>, target: FixTarget): boolean {
  if (followUps.has(target.file)) return false; // over the cap already: listed once
  const used = plan.subtasks.length + [...followUps.values()].filter((f) => f.admitted).length;
  const admitted = used < ctx.config.maxWorkers;
  const outcome: SubtaskOutcome = {
    file: target.file,
    handler: 'llm',
    status: admitted ? 'done' : 'dropped-cap',
    attempts: 0,
    costUsd: 0,
    origin: 'follow-up',
    ...(admitted
      ? {}
      : {
          reason:
            `not run: ${errorCount(target.diagnostics)} the change caused here, but the plan and earlier ` +
            `follow-ups use all ${ctx.config.maxWorkers} subtasks of the maxWorkers cap`,
        }),
  };
  followUps.set(target.file, { outcome, admitted, changed: false });
  if (!admitted)
    ctx.emit({ type: 'subtask', file: target.file, status: 'dropped-cap', detail: outcome.reason });
  return admitted;
}

/** A fix's result on its follow-up outcome (repairs have none: their failures are logged). */
function record(
  ctx: RunContext,
  followUps: Map<string, FollowUp>,
  target: FixTarget,
  result: WorkerResult,
  notStarted?: 'cap' | 'stopped' | 'cancelled',
): void {
  const followUp = target.kind === 'follow-up' ? followUps.get(target.file) : undefined;
  if (followUp === undefined) {
    if (!result.ok)
      ctx.emit({
        type: 'log',
        level: 'warn',
        message: `${target.file}: repair failed: ${result.error.message}`,
      });
    return;
  }
  const o = followUp.outcome;
  o.attempts += result.ok ? result.value.attempts : result.error.attempts;
  o.costUsd = costOfLabel(ctx, fixLabel(target));
  if (result.ok && result.value.status === 'changed') {
    followUp.changed = true;
    o.status = 'done';
    if (result.value.notes !== undefined) o.notes = result.value.notes;
    delete o.reason;
  } else if (!followUp.changed) {
    if (result.ok) {
      o.status = 'unchanged';
      o.reason = result.value.status === 'unchanged' ? result.value.message : '';
      if (result.value.notes !== undefined) o.notes = result.value.notes;
    } else {
      o.status = failedStatus(result, notStarted);
      o.reason = result.error.message;
      if (result.error.cause) o.errorReason = result.error.cause.reason;
    }
  }
  ctx.emit({
    type: 'subtask',
    file: o.file,
    status: o.status,
    detail: o.reason ?? 'added by the type-check',
  });
}

function failedStatus(
  result: Extract<WorkerResult, { ok: false }>,
  notStarted: 'cap' | 'stopped' | 'cancelled' | undefined,
): SubtaskOutcome['status'] {
  const reason = result.error.cause?.reason;
  if (notStarted === 'cancelled' || reason === 'cancelled') return 'cancelled';
  if (notStarted === 'stopped' || reason === 'budget-exceeded') return 'skipped-budget';
  return 'failed';
}

function announce(ctx: RunContext, round: number, targets: FixTarget[]): void {
  const repairs = targets.filter((t) => t.kind === 'repair');
  const followUps = targets.filter((t) => t.kind === 'follow-up');
  const second = round > 1 ? ' (second round)' : '';
  if (repairs.length > 0) {
    const n = repairs.reduce((sum, t) => sum + t.diagnostics.length, 0);
    ctx.emit({ type: 'stage', stage: 'repair', message: `Repairing ${n} new type errors${second}` });
  }
  if (followUps.length > 0) {
    const files = followUps.map((t) => t.file).join(', ');
    const message = `Follow-ups added by the type-check${second}: ${files}`;
    ctx.emit({ type: 'stage', stage: 'follow-up', message });
  }
}

function causeInput(
  ctx: RunContext,
  changes: readonly FileChange[],
  owned: ReadonlySet<string>,
  introduced: readonly Diagnostic[],
): Parameters<typeof attributeCauses>[0] {
  const ws = ctx.workspace;
  const graph = importGraphOf(ws);
  const after = new Map(changes.map((c) => [c.file, c.after]));
  return {
    introduced,
    changed: new Set(changes.map((c) => c.file)),
    owned,
    importsOf: (file) => (graph.out.get(file) ?? []).map((e) => e.to),
    resolve: (from, specifier) =>
      ws.resolveImport?.(from, specifier) ?? resolveByGraph(graph, from, specifier),
    textOf: (file) => after.get(file) ?? ws.readText(file),
    baseTextOf: (file) => ws.readText(file),
  };
}

/** Without the port's resolver: the imported file whose path ends like the specifier. */
function resolveByGraph(
  graph: ReturnType<typeof importGraphOf>,
  from: string,
  specifier: string,
): string | undefined {
  const tail = specifier.replace(/^(\.\.?\/)+/, '').replace(/\.[cm]?[jt]sx?$/, '');
  return (graph.out.get(from) ?? [])
    .map((e) => e.to)
    .find((to) =>
      to
        .replace(/\.[cm]?[jt]sx?$/, '')
        .replace(/\/index$/, '')
        .endsWith(tail),
    );
}

function textOf(ws: RunContext['workspace'], merged: ReadonlyMap<string, string>, file: string): string {
  return merged.get(file) ?? ws.readText(file) ?? '';
}

function errorCount(ds: readonly Diagnostic[]): string {
  return `${ds.length} new type error${ds.length === 1 ? '' : 's'}`;
}
