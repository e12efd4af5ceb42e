/**
 * Runs a checked plan through the handler registry: deterministic handlers first, in plan and dependency
 * order, each on the texts the ones before it left; then the handlers that call a model, in dependency
 * waves through capped dispatch, each on the texts its dependencies (and the deterministic steps) produced.
 */
import type { ModelRequest } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import { withIds, type IdentifiedSubtask } from '../plan/dependencies';
import type { SubtaskOutcome } from '../runTypes';
import type { HandlerRun } from '../handlers/handler';
import { costOfLabel } from '../handlers/llm';
import { handlerFor } from '../handlers/registry';
import type { SubtaskJournal } from '../journal/journal';
import { warmUpPossible } from '../worker/cacheFill';
import { cacheableTokens } from './estimate';
import { baseOf, callsOf, hashesAt, journalRecord, reusedRun } from './journalHook';
import type { RunContext } from './runContext';
import { requestFor, type WaveInputs } from './requestFor';
import { RunTexts, type Proposal } from './runTexts';
import { dependencyClosure, deterministicOrder, FINISHED } from './stepOrder';
import { dispatchWaves, type WaveOutcome } from './waves';

export type { Proposal } from './runTexts';

export interface SubtaskRun {
  proposals: Proposal[];
  outcomes: SubtaskOutcome[];
}

export type { WaveInputs } from './requestFor';

export async function runSubtasks(
  ctx: RunContext,
  plan: Plan,
  requests: Map<string, ModelRequest>,
  inputs?: WaveInputs,
  journal?: SubtaskJournal,
): Promise<SubtaskRun> {
  const { subtasks } = withIds(plan.subtasks);
  // Requests are keyed as they were built: by the subtask's own id, else its file.
  const requestKey = new Map(subtasks.map((s, i) => [s.id, plan.subtasks[i]?.id ?? s.file]));
  const byId = new Map(subtasks.map((s) => [s.id, s]));
  const usesModel = (s: Subtask): boolean => handlerFor(s.handler).usesModel;
  const texts = new RunTexts(ctx.workspace);
  const outcomes = new Map<string, SubtaskOutcome>();
  const label = (id: string): string => {
    const s = byId.get(id);
    return s ? `${id} (${s.file})` : `"${id}"`;
  };
  const external = (id: string): string | undefined => {
    const s = byId.get(id);
    if (s === undefined) return 'is not in the plan';
    const o = outcomes.get(id);
    if (o === undefined) return usesModel(s) ? 'runs after this step' : 'did not run';
    return FINISHED.has(o.status) ? undefined : `${o.status}${o.reason ? `: ${o.reason}` : ''}`;
  };
  // Outcomes carry the plan's ids; a plan that never went through the plan check has none to report.
  const own = new Set(plan.subtasks.flatMap((s) => (s.id === undefined ? [] : [s.id])));
  // The merge names a proposal's subtask as the plan does: by its id, else by its file.
  const mergeKey = (s: IdentifiedSubtask): string => (own.has(s.id) ? s.id : s.file);
  const record = (s: IdentifiedSubtask, full: SubtaskOutcome): void => {
    const { id, ...rest } = full;
    const outcome: SubtaskOutcome = id !== undefined && own.has(id) ? full : rest;
    outcomes.set(s.id, outcome);
    const detail = outcome.reason ?? outcome.notes;
    ctx.emit({ type: 'subtask', file: s.file, ...idOf(outcome), status: outcome.status, detail });
  };

  for (const s of deterministicOrder(subtasks.filter((x) => !usesModel(x)))) {
    const blocked = s.dependsOn?.map((d) => [d, external(d)] as const).find(([, why]) => why !== undefined);
    if (blocked) {
      record(s, skipped(s, `its dependency ${label(blocked[0])} ${blocked[1]}; it was not started`));
      continue;
    }
    // Deterministic steps are journaled but always run again on resume: they read the whole project, cost nothing.
    const hashOf = journal && hashesAt(ctx.workspace, new Map(texts.current), new Set(texts.gone));
    const run = await handlerFor(s.handler).run({
      ctx,
      subtask: s,
      current: texts.current,
      gone: texts.gone,
      request: undefined,
    });
    texts.propose(s.id, mergeKey(s), run.proposals);
    record(s, { id: s.id, file: s.file, handler: s.handler, ...run.outcome });
    if (hashOf) journal?.finished(journalRecord(s, baseOf(s, [], run.proposals, hashOf), run, []), []);
  }

  const modelSubtasks = subtasks.filter(usesModel);
  const built = new Map<string, ModelRequest | undefined>();
  // What a model subtask's calls are recorded under in the ledger (its request's label).
  const labelOf = (s: IdentifiedSubtask): string =>
    (built.get(s.id) ?? requests.get(requestKey.get(s.id) ?? s.id))?.label ?? s.file;
  let budgetStop: string | undefined;
  const results = await dispatchWaves<HandlerRun>(
    modelSubtasks.map((s) => ({
      key: s.id,
      deps: s.dependsOn ?? [],
      run: async (): Promise<HandlerRun> => {
        const start = new Map(texts.current);
        const hashOf = hashesAt(ctx.workspace, start, texts.gone);
        const reused = reusedRun(ctx, journal, s, hashOf);
        if (reused) {
          texts.propose(s.id, mergeKey(s), reused.proposals, (file) => start.get(file));
          return reused;
        }
        ctx.emit({
          type: 'subtask',
          file: s.file,
          ...(own.has(s.id) ? { id: s.id } : {}),
          status: 'started',
        });
        const run = await handlerFor(s.handler).run({
          ctx,
          subtask: s,
          current: texts.current,
          gone: texts.gone,
          request: built.get(s.id),
        });
        texts.propose(s.id, mergeKey(s), run.proposals, (file) => start.get(file));
        if (run.outcome.status === 'skipped-budget') budgetStop ??= run.outcome.reason;
        if (journal) {
          const shown = texts.changedBy(dependencyClosure(plan, s)).map((c) => c.file);
          const calls = callsOf(ctx, labelOf(s));
          journal.finished(journalRecord(s, baseOf(s, shown, run.proposals, hashOf), run, calls), calls);
        }
        return run;
      },
    })),
    {
      cap: ctx.config.maxWorkers,
      concurrency: ctx.config.maxConcurrency,
      signal: ctx.signal,
      stopReason: () => budgetStop,
      ok: (run) => FINISHED.has(run.outcome.status),
      failure: (run) => `${run.outcome.status}${run.outcome.reason ? `: ${run.outcome.reason}` : ''}`,
      label,
      external,
      // A warm-up call only buys something from a provider that caches the shared prefix.
      warmFirst: (wave) =>
        ctx.client.cachesPrompts === true &&
        worthWarming(
          wave.map((t) => built.get(t.key)),
          ctx.config.maxConcurrency,
        ),
      // Each model step's outcome is recorded (and its event sent) as it finishes, wave by wave.
      onSettled: (r) => {
        const s = byId.get(r.key) as IdentifiedSubtask;
        record(s, modelOutcome(ctx, s, r, labelOf(s)));
      },
      beforeWave: (wave) => {
        for (const t of wave) {
          const s = byId.get(t.key) as IdentifiedSubtask;
          built.set(
            s.id,
            requestFor(ctx, plan, s, requests.get(requestKey.get(s.id) ?? s.id), texts, inputs),
          );
        }
      },
    },
  );
  // Outcomes as before: the deterministic steps in the order they ran, then the model steps in plan order.
  const models = new Set(modelSubtasks.map((s) => s.id));
  const ordered = [
    ...[...outcomes].filter(([id]) => !models.has(id)).map(([, o]) => o),
    ...results.map((r) => outcomes.get(r.key) as SubtaskOutcome),
  ];
  return { proposals: texts.proposals(), outcomes: ordered };
}

function idOf(outcome: SubtaskOutcome): { id?: string } {
  return outcome.id === undefined ? {} : { id: outcome.id };
}

function modelOutcome(
  ctx: RunContext,
  s: IdentifiedSubtask,
  r: WaveOutcome<HandlerRun>,
  label: string,
): SubtaskOutcome {
  const base = { id: s.id, file: s.file, handler: s.handler };
  if (r.started) return { ...base, ...r.value.outcome };
  if (r.why === 'dependency') return skipped(s, r.detail);
  const status = r.why === 'cancelled' ? 'cancelled' : r.why === 'cap' ? 'dropped-cap' : 'skipped-budget';
  const costUsd = costOfLabel(ctx, label);
  return { ...base, costUsd, status, attempts: 0, reason: r.detail ?? notStartedReason(r.why) };
}

function skipped(s: IdentifiedSubtask, reason: string): SubtaskOutcome {
  return {
    id: s.id,
    file: s.file,
    handler: s.handler,
    status: 'skipped-dependency',
    attempts: 0,
    costUsd: 0,
    reason,
  };
}

/** Sequencing one call first pays when its cached prefix will be read by at least two later workers at once. */
export function worthWarming(requests: Array<ModelRequest | undefined>, concurrency: number): boolean {
  const first = requests[0];
  if (!first || !warmUpPossible(requests.length, concurrency)) return false;
  return cacheableTokens(first) > 0;
}

function notStartedReason(why: 'cap' | 'stopped' | 'cancelled'): string {
  if (why === 'cap') return 'beyond the maxWorkers cap';
  if (why === 'cancelled') return 'the run was cancelled before this subtask started';
  return 'not started: the budget could not cover another call';
}
