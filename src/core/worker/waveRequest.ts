/**
 * A worker request re-built for a later wave: its file as the steps before it left it, and the files its
 * dependencies changed, as they are now. The shared prefix, tools and model stay those of the request
 * counted for the estimate, so the prompt cache still holds and only the worker's own message changes.
 */
import type { ContextSlice, WorkspaceFacts } from '../facts/types';
import { overlayView } from '../handlers/overlay';
import { estimateTokens } from '../llm/budget';
import { contextRoom } from '../llm/contextWindow';
import type { Plan, Subtask } from '../plan/planSchema';
import type { Workspace } from '../workspace/workspace';
import { unifiedDiff } from '../diff/unifiedDiff';
import { dataBlock } from './dataBlock';
import { buildWorkerRequest, type WorkerRequest } from './workerPrompt';
import { workerSlice } from './workerRequests';

/** A file a subtask's dependencies changed: its text now, and which of them changed it. */
export interface ChangedByDependency {
  file: string;
  by: string[];
  before: string;
  after: string;
}

/** At most this many changed files are shown to one worker (the closest dependencies first). */
const MAX_CHANGED_FILES = 6;

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
  const sections = input.changed
    .filter((c) => c.file !== subtask.file)
    .slice(0, MAX_CHANGED_FILES)
    .map((c) => changedBlock(c, input.workerFileTokens));
  const build = (slice: ContextSlice | undefined): WorkerRequest => {
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
    const content =
      sections.length === 0 || typeof own !== 'string'
        ? own
        : `${own}\n\n${CHANGED_INTRO}\n\n${sections.join('\n\n')}`;
    return { ...base, messages: content === undefined ? rebuilt.messages : [{ role: 'user', content }] };
  };
  // As for the first request: the file's slice gets what the model's window leaves after the rest of the
  // request and the output allowance (a request still over it is refused before it is sent).
  const room = contextRoom(build(undefined), input.contextWindows ?? {});
  return build(workerSlice(view, Math.min(input.workerFileTokens, room ?? Infinity), input));
}

const CHANGED_INTRO =
  'The subtasks this one depends on have run. These files are as they left them now (the shared context ' +
  'above shows them before the change); make your file fit them:';

function changedBlock(c: ChangedByDependency, allowance: number): string {
  const by = `changed by ${c.by.join(', ')}`;
  if (estimateTokens(c.after) <= allowance) return dataBlock('file', c.file, `whole file, ${by}`, c.after);
  const diff = unifiedDiff([
    { file: c.file, before: c.before, after: c.after, beforeHash: undefined, isNew: false },
  ]);
  return dataBlock('file', c.file, `the change as a unified diff, ${by}`, diff);
}
