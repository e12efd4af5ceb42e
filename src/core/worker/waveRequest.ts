/**
 * A worker request re-built for a later wave: its file as the steps before it left it, and the files its
 * dependencies changed, as they are now. The shared prefix, tools and model stay those of the request
 * counted for the estimate, so the prompt cache still holds and only the worker's own message changes.
 */
import type { ContextSlice, WorkspaceFacts } from '../facts/types';
import { overlayView } from '../handlers/overlay';
import { contextRoom } from '../llm/contextWindow';
import type { Plan, Subtask } from '../plan/planSchema';
import type { Workspace } from '../workspace/workspace';
import { dependencyContext, type ChangedByDependency } from './dependencyContext';
import { buildWorkerRequest, type WorkerRequest } from './workerPrompt';
import { workerSlice } from './workerRequests';

export type { ChangedByDependency } from './dependencyContext';

export interface WaveRequestInput {
  workspace: Workspace;
  /** The request built on the texts read for planning. */
  base: WorkerRequest;
  instruction: string;
  plan: Plan;
  facts: WorkspaceFacts;
  subtask: Subtask;
  workerFileTokens: number;
  /** The user's context windows (orchestra.contextWindows): the slice shrinks to fit the model's. */
  contextWindows?: Readonly<Record<string, number>>;
  /** Texts as the steps before this one left them (file → text); others are at their baseline. */
  current: ReadonlyMap<string, string>;
  /** Other files its dependencies changed. */
  changed: readonly ChangedByDependency[];
}

export function waveRequest(input: WaveRequestInput): WorkerRequest {
  const { base, subtask } = input;
  const view = overlayView(input.workspace, input.current);
  const windows = input.contextWindows ?? {};
  const build = (slice: ContextSlice | undefined, context: string | undefined): WorkerRequest => {
    const rebuilt = buildWorkerRequest({
      shared: base.system[0]?.text ?? '',
      subtask,
      slice,
      model: base.model,
      maxTokens: base.maxTokens,
      tool: base.tool,
      helperTools: base.helperTools ?? [],
      focusTerms: base.focusTerms ?? [],
    });
    const own = rebuilt.messages[0]?.content;
    const content = context === undefined || typeof own !== 'string' ? own : `${own}\n\n${context}`;
    return { ...base, messages: content === undefined ? rebuilt.messages : [{ role: 'user', content }] };
  };
  // Its own file first, as for the first request: the slice gets what the model's window leaves after the
  // rest of the request and the output allowance. The dependencies' files get what is left after it, shortened
  // to fit (a request still over the window is refused before it is sent).
  const room = contextRoom(build(undefined, undefined), windows);
  const slice = workerSlice(view, Math.min(input.workerFileTokens, room ?? Infinity), input);
  const context = dependencyContext({
    file: subtask.file,
    text: slice?.text,
    dependsOn: subtask.dependsOn ?? [],
    changed: input.changed,
    workerFileTokens: input.workerFileTokens,
    model: base.model,
    fits: (c) => (contextRoom(build(slice, c), windows) ?? 0) >= 0,
  });
  return build(slice, context);
}
