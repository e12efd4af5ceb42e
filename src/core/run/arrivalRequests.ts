/**
 * The estimate of a model step on a path a move creates. Built on the baseline, its request would say "the
 * file does not exist yet" and be counted at a fraction of what the worker is sent; so the deterministic
 * steps it waits for (the move, and any step before it) are run here, in memory and at no cost, and its
 * request is re-built on the texts they leave, as dispatch re-builds it: the moved text with its updated
 * imports, and the files those steps changed.
 */
import { withIds, type IdentifiedSubtask } from '../plan/dependencies';
import type { Plan } from '../plan/planSchema';
import { handlerFor } from '../handlers/registry';
import type { HandlerRun } from '../handlers/handler';
import type { ModelRequest } from '../llm/modelClient';
import { requestFor, type WaveInputs } from './requestFor';
import type { RunContext } from './runContext';
import { RunTexts } from './runTexts';
import { dependencyClosure, deterministicOrder, FINISHED } from './stepOrder';

/**
 * `requests` (keyed as `buildWorkerRequests` keys them: a subtask's id, else its file) with each model step
 * on a path only a move creates re-built on the texts the steps it waits for leave; the others as they are.
 */
export async function withArrivalRequests<R extends ModelRequest>(
  ctx: RunContext,
  plan: Plan,
  requests: ReadonlyMap<string, R>,
  inputs: WaveInputs,
): Promise<Map<string, ModelRequest>> {
  const out = new Map<string, ModelRequest>(requests);
  const { subtasks } = withIds(plan.subtasks);
  const keyOf = (s: IdentifiedSubtask, i: number): string => plan.subtasks[i]?.id ?? s.file;
  const usesModel = (s: IdentifiedSubtask): boolean => handlerFor(s.handler).usesModel;
  const arriving = subtasks.flatMap((s, i) =>
    usesModel(s) && requests.has(keyOf(s, i)) && ctx.workspace.readText(s.file) === undefined
      ? [{ s, key: keyOf(s, i) }]
      : [],
  );
  if (arriving.length === 0) return out;
  const waited = new Set(arriving.flatMap(({ s }) => [...dependencyClosure(plan, s)]));
  const texts = await runSteps(
    ctx,
    deterministicOrder(subtasks.filter((s) => !usesModel(s) && waited.has(s.id))),
  );
  for (const { s, key } of arriving) {
    // A move that could not run leaves nothing there: the step will not run either (its dependency failed).
    if (!texts.current.has(s.file)) continue;
    const rebuilt = requestFor(ctx, plan, s, requests.get(key), texts, inputs);
    if (rebuilt !== undefined) out.set(key, rebuilt);
  }
  return out;
}

/** The deterministic steps in order, as dispatch runs them: one whose dependency did not finish is skipped. */
async function runSteps(ctx: RunContext, steps: readonly IdentifiedSubtask[]): Promise<RunTexts> {
  const texts = new RunTexts(ctx.workspace);
  const finished = new Set<string>();
  const ids = new Set(steps.map((s) => s.id));
  for (const s of steps) {
    if ((s.dependsOn ?? []).some((d) => ids.has(d) && !finished.has(d))) continue;
    let run: HandlerRun;
    try {
      run = await handlerFor(s.handler).run({
        ctx,
        subtask: s,
        current: texts.current,
        gone: texts.gone,
        request: undefined,
      });
    } catch {
      continue; // the estimate counts what it can; the run reports the step's failure
    }
    texts.propose(s.id, s.id, run.proposals);
    if (FINISHED.has(run.outcome.status)) finished.add(s.id);
  }
  return texts;
}
