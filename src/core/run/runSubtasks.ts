/**
 * Runs a checked plan through the handler registry: deterministic handlers first, in plan order, each on
 * the texts the ones before it left; then the handlers that call a model, through capped dispatch.
 */
import type { ModelRequest } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import type { SubtaskOutcome } from '../runTypes';
import type { HandlerRun } from '../handlers/handler';
import { costOfLabel } from '../handlers/llm';
import { handlerFor } from '../handlers/registry';
import { dispatchCapped } from './dispatch';
import { warmUpPossible } from '../worker/cacheFill';
import { cacheableTokens } from './estimate';
import type { RunContext } from './runContext';

export interface Proposal {
  subtask: string;
  file: string;
  after: string;
  /** The file moves here from this workspace path. */
  movedFrom?: string;
  /** The subtask deletes `file`. */
  deleted?: true;
}

export interface SubtaskRun {
  proposals: Proposal[];
  outcomes: SubtaskOutcome[];
}

/** Model subtasks all start from the texts read for planning (their requests were built on them). */
const BASELINE: ReadonlyMap<string, string> = new Map();

export async function runSubtasks(
  ctx: RunContext,
  plan: Plan,
  requests: Map<string, ModelRequest>,
): Promise<SubtaskRun> {
  const usesModel = (s: Subtask): boolean => handlerFor(s.handler).usesModel;
  const { proposals, outcomes } = await runDeterministic(
    ctx,
    plan.subtasks.filter((s) => !usesModel(s)),
  );
  const modelSubtasks = plan.subtasks.filter(usesModel);
  let budgetStop: string | undefined;
  const results = await dispatchCapped(
    modelSubtasks.map((subtask) => ({
      key: subtask.file,
      run: async (): Promise<HandlerRun> => {
        ctx.emit({ type: 'subtask', file: subtask.file, status: 'started' });
        const run = await handlerFor(subtask.handler).run({
          ctx,
          subtask,
          current: BASELINE,
          request: requests.get(subtask.file),
        });
        if (run.outcome.status === 'skipped-budget') budgetStop ??= run.outcome.reason;
        return run;
      },
    })),
    {
      cap: ctx.config.maxWorkers,
      concurrency: ctx.config.maxConcurrency,
      signal: ctx.signal,
      stopReason: () => budgetStop,
      // A warm-up call only buys something from a provider that caches the shared prefix.
      warmFirst:
        ctx.client.cachesPrompts === true &&
        worthWarming(
          modelSubtasks.map((s) => requests.get(s.file)),
          ctx.config.maxConcurrency,
        ),
    },
  );
  results.forEach((r, i) => {
    const subtask = modelSubtasks[i] as Subtask;
    const base = { file: subtask.file, handler: subtask.handler };
    let outcome: SubtaskOutcome;
    if (!r.started) {
      const status = r.why === 'cancelled' ? 'cancelled' : r.why === 'cap' ? 'dropped-cap' : 'skipped-budget';
      const costUsd = costOfLabel(ctx, subtask.file);
      outcome = { ...base, costUsd, status, attempts: 0, reason: r.detail ?? notStartedReason(r.why) };
    } else {
      for (const p of r.value.proposals) proposals.push({ subtask: subtask.file, ...p });
      outcome = { ...base, ...r.value.outcome };
    }
    ctx.emit({ type: 'subtask', file: subtask.file, status: outcome.status, detail: outcome.reason });
    outcomes.push(outcome);
  });
  return { proposals, outcomes };
}

/**
 * Deterministic subtasks one after another, each seeing the texts the ones before it proposed (two renames
 * declared in one file, or touching one importer, never clash) and the files they moved or deleted. One
 * proposal per file: its final text; a moved file is proposed at its last path with its first origin.
 */
async function runDeterministic(ctx: RunContext, subtasks: Subtask[]): Promise<SubtaskRun> {
  const ops = new FileOpsState();
  const outcomes: SubtaskOutcome[] = [];
  for (const subtask of subtasks) {
    const run = await handlerFor(subtask.handler).run({
      ctx,
      subtask,
      current: ops.current,
      gone: ops.gone,
      request: undefined,
    });
    for (const p of run.proposals) ops.add(subtask.file, p);
    const outcome: SubtaskOutcome = { file: subtask.file, handler: subtask.handler, ...run.outcome };
    const detail = outcome.reason ?? outcome.notes;
    ctx.emit({ type: 'subtask', file: subtask.file, status: outcome.status, detail });
    outcomes.push(outcome);
  }
  return { proposals: ops.proposals((file) => ctx.workspace.readText(file)), outcomes };
}

/** The texts, moves and deletes of the deterministic steps so far. */
class FileOpsState {
  /** File → text, for every file a step proposed (a moved file under its new path). */
  readonly current = new Map<string, string>();
  /** Workspace files moved away or deleted. */
  readonly gone = new Set<string>();
  private readonly lastBy = new Map<string, string>();
  /** New path → the workspace file it came from. */
  private readonly movedTo = new Map<string, string>();
  /** Workspace file → the subtask that deleted it. */
  private readonly deleted = new Map<string, string>();

  add(subtask: string, p: HandlerRun['proposals'][number]): void {
    if (p.deleted === true) {
      const origin = this.movedTo.get(p.file) ?? p.file;
      this.movedTo.delete(p.file);
      this.current.delete(p.file);
      this.gone.add(origin);
      this.deleted.set(origin, subtask);
      return;
    }
    if (p.movedFrom !== undefined) {
      const origin = this.movedTo.get(p.movedFrom) ?? p.movedFrom;
      this.movedTo.delete(p.movedFrom);
      this.current.delete(p.movedFrom);
      this.gone.add(origin);
      this.movedTo.set(p.file, origin);
    }
    this.current.set(p.file, p.after);
    this.lastBy.set(p.file, subtask);
  }

  proposals(baseline: (file: string) => string | undefined): Proposal[] {
    const out: Proposal[] = [];
    for (const [file, after] of this.current) {
      const subtask = this.lastBy.get(file) ?? file;
      const movedFrom = this.movedTo.get(file);
      if (movedFrom !== undefined) out.push({ subtask, file, after, movedFrom });
      else if (after !== baseline(file)) out.push({ subtask, file, after });
    }
    for (const [file, subtask] of this.deleted) out.push({ subtask, file, after: '', deleted: true });
    return out;
  }
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
