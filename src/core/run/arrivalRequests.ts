/**
 * The estimate of a model step whose request the deterministic steps change. Dispatch runs every
 * deterministic step before the first model step and re-builds a model step's request when they changed its
 * file (a rename's updated references, a refactor's rewritten importer, a moved file's new text) or its
 * dependencies changed any. Built on the baseline, the estimate would count a request that is never sent (on
 * a path a move creates: "the file does not exist yet", at a fraction of its size); so the deterministic
 * steps are run here, in memory and at no cost, and each model step's request is re-built on the texts they
 * leave, as dispatch re-builds it.
 */
import { withIds, type IdentifiedSubtask } from '../plan/dependencies';
import type { Plan } from '../plan/planSchema';
import { handlerFor } from '../handlers/registry';
import type { HandlerRun } from '../handlers/handler';
import type { ModelRequest } from '../llm/modelClient';
import { requestFor, type WaveInputs } from './requestFor';
import type { RunContext } from './runContext';
import { RunTexts } from './runTexts';
import { deterministicOrder, FINISHED } from './stepOrder';

/**
 * `requests` (keyed as `buildWorkerRequests` keys them: a subtask's id, else its file) with each model step
 * re-built on the texts the deterministic steps leave, where they change what it is sent; the others as they are.
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
  const models = subtasks.flatMap((s, i) =>
    usesModel(s) && requests.has(keyOf(s, i)) ? [{ s, key: keyOf(s, i) }] : [],
  );
  const steps = subtasks.filter((s) => !usesModel(s));
  if (models.length === 0 || steps.length === 0) return out;
  // All of them, as dispatch runs them all first: a step the model step does not wait for may change its file too.
  const texts = await runSteps(ctx, deterministicOrder(steps));
  for (const { s, key } of models) {
    // A move that could not run leaves nothing there: the step will not run either (its dependency failed).
    if (ctx.workspace.readText(s.file) === undefined && !texts.current.has(s.file)) continue;
    const rebuilt = requestFor(ctx, plan, s, requests.get(key), texts, inputs);
    if (rebuilt !== undefined) out.set(key, rebuilt);
  }
  return out;
}

/**
 * The deterministic steps in order, as dispatch runs them: one is skipped when a step it depends on did not
 * finish before it (failed, skipped, a model step, which runs after every deterministic one, or not in the plan).
 */
async function runSteps(ctx: RunContext, steps: readonly IdentifiedSubtask[]): Promise<RunTexts> {
  const texts = new RunTexts(ctx.workspace);
  const finished = new Set<string>();
  for (const s of steps) {
    if ((s.dependsOn ?? []).some((d) => !finished.has(d))) continue;
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
