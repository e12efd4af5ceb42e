/** The request a model step is sent once the steps before it ran (dispatch), and as the estimate counts it. */
import type { WorkspaceFacts } from '../facts/types';
import type { ModelRequest } from '../llm/modelClient';
import type { Plan } from '../plan/planSchema';
import type { IdentifiedSubtask } from '../plan/dependencies';
import { waveRequest } from '../worker/waveRequest';
import type { WorkerRequest } from '../worker/workerPrompt';
import type { RunContext } from './runContext';
import type { RunTexts } from './runTexts';
import { dependencyClosure } from './stepOrder';

/** What a later wave's requests are re-built from; without it every worker gets its request as counted. */
export interface WaveInputs {
  instruction: string;
  facts: WorkspaceFacts;
}

/**
 * The request a model subtask is sent: the one counted for the estimate, unless the steps before it changed
 * its file or its dependencies changed any file; then it is re-built on the texts as they are now.
 */
export function requestFor(
  ctx: Pick<RunContext, 'workspace' | 'config'>,
  plan: Plan,
  s: IdentifiedSubtask,
  base: ModelRequest | undefined,
  texts: RunTexts,
  inputs: WaveInputs | undefined,
): ModelRequest | undefined {
  if (base === undefined || inputs === undefined) return base;
  const changed = texts.changedBy(dependencyClosure(plan, s));
  const ownChanged = texts.current.has(s.file);
  if (!ownChanged && changed.length === 0) return base;
  return waveRequest({
    workspace: ctx.workspace,
    base: base as WorkerRequest,
    instruction: inputs.instruction,
    plan,
    facts: inputs.facts,
    subtask: s,
    workerFileTokens: ctx.config.workerFileTokens,
    contextWindows: ctx.config.contextWindows,
    current: texts.current,
    changed,
  });
}
