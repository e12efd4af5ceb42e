/**
 * Builds each LLM subtask's request once, for the estimate and for dispatch alike. A worker gets its whole
 * file when it fits `workerFileTokens`, else an excerpt holding every line the change may touch
 * (`buildFocusedSlice`), and `read_lines` for the rest.
 */
import { estimateTokens } from '../llm/budget';
import { contextRoom } from '../llm/contextWindow';
import { handlerFor } from '../handlers/registry';
import type { Plan, Subtask } from '../plan/planSchema';
import { editTool } from './runWorker';
import { readLinesTool } from './readLines';
import { buildWorkerRequest, sharedWorkerSystem, type WorkerRequest } from './workerPrompt';
import type { ContextSlice, WorkspaceFacts } from '../facts/types';
import { buildFocusedSlice, buildSlice } from '../facts/slices';
import { focusTerms, sliceFocus } from './focus';
import { decideFill, usageExcerpts, warmUpPossible } from './cacheFill';
import { cachedPrefixTokens } from '../run/estimate';
import type { RunContext } from '../run/runContext';
import { workerModelFor } from '../config';
import { subtaskId } from '../plan/dependencies';
import type { Workspace } from '../workspace/workspace';

export function isModelSubtask(subtask: Subtask): boolean {
  return handlerFor(subtask.handler).usesModel;
}

/**
 * One request per model subtask, keyed by its id (its file for a plan whose subtasks have none). Each runs
 * on its tier's model; its ledger label is its file, or `file (id)` where two model steps share the file.
 */
export function buildWorkerRequests(
  ctx: Pick<RunContext, 'workspace' | 'config' | 'client'>,
  instruction: string,
  plan: Plan,
  facts: WorkspaceFacts,
): Map<string, WorkerRequest> {
  const definitions = definitionSlices(ctx, facts);
  const subtasks = plan.subtasks.filter(isModelSubtask);
  const core = sharedWorkerSystem({ instruction, plan, symbols: facts.symbols, definitions });
  const build = (subtask: Subtask, shared: string, slice: ContextSlice | undefined): WorkerRequest => ({
    ...buildWorkerRequest({
      shared,
      subtask,
      slice,
      model: workerModelFor(ctx.config.models, subtask.tier),
      maxTokens: ctx.config.workerMaxTokens,
      tool: editTool,
      // Every worker gets read_lines, even with its whole file: the tools are part of the cached prefix.
      helperTools: [readLinesTool],
      focusTerms: focusTerms(instruction, plan, facts, subtask),
    }),
    label: workerLabel(plan, subtask),
  });
  const sliceOf = (subtask: Subtask, shared: string): ContextSlice | undefined => {
    // A model with a small context window gets a smaller file slice: what is left of its window after the
    // rest of the request and the output allowance (a request still over it is refused before any call).
    const room = contextRoom(build(subtask, shared, undefined), ctx.config.contextWindows);
    const allowance = Math.min(ctx.config.workerFileTokens, room ?? Infinity);
    return workerSlice(ctx.workspace, allowance, { instruction, plan, facts, subtask });
  };
  const first = subtasks[0];
  // Filling only pays where the provider caches the prefix at all. The prefix (tools + system) does not
  // depend on the file excerpt, so it is measured without building one.
  const shared =
    first && ctx.client.cachesPrompts === true
      ? withCacheFill(ctx, core, cachedPrefixTokens(build(first, core, undefined)), subtasks, facts)
      : core;
  return new Map(
    subtasks.map((subtask) => [subtaskId(subtask), build(subtask, shared, sliceOf(subtask, shared))]),
  );
}

/** The ledger label of a subtask's calls: its file, unless another model step shares the file. */
export function workerLabel(plan: Plan, subtask: Subtask): string {
  const sharing = plan.subtasks.filter((s) => s.file === subtask.file && isModelSubtask(s)).length;
  return sharing > 1 && subtask.id !== undefined ? `${subtask.file} (${subtask.id})` : subtask.file;
}

/** What a worker sees of its file in `ws`: all of it when it fits `allowance` tokens, else a focused excerpt. */
export function workerSlice(
  ws: Workspace,
  allowance: number,
  input: { instruction: string; plan: Plan; facts: WorkspaceFacts; subtask: Subtask },
): ContextSlice | undefined {
  const { subtask } = input;
  const fits = (text: string): boolean => estimateTokens(text) <= allowance;
  const text = ws.readText(subtask.file);
  if (text === undefined) return undefined;
  if (fits(text)) {
    const totalLines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return { file: subtask.file, whole: true, text, totalLines };
  }
  const focus = sliceFocus(input.instruction, input.plan, input.facts, subtask);
  return buildFocusedSlice(ws, subtask.file, focus, fits);
}

/** The shared prefix, filled with the plan's uses of the symbols when that lets the cache pay (see cacheFill). */
function withCacheFill(
  ctx: Pick<RunContext, 'workspace' | 'config'>,
  core: string,
  prefixTokens: number,
  subtasks: Subtask[],
  facts: WorkspaceFacts,
): string {
  const { maxConcurrency, maxWorkers, models } = ctx.config;
  const workers = Math.min(subtasks.length, maxWorkers);
  // With a warm-up call only the first worker writes the cache; without, the first wave all do.
  const writers = warmUpPossible(workers, maxConcurrency) ? 1 : Math.min(maxConcurrency, workers);
  const fill = decideFill(models.worker, prefixTokens, workers, writers);
  if (!fill.pays) return core;
  const files = subtasks.map((s) => s.file);
  const excerpts = usageExcerpts(ctx.workspace, files, facts.candidates, fill.target - prefixTokens);
  return excerpts === undefined ? core : `${core}\n\n${excerpts}`;
}

/** Excerpts of the files that declare the seed symbols; part of the prefix every worker shares (and caches). */
function definitionSlices(ctx: Pick<RunContext, 'workspace'>, facts: WorkspaceFacts): ContextSlice[] {
  const lines = new Map<string, number[]>();
  for (const s of facts.symbols) lines.set(s.file, [...(lines.get(s.file) ?? []), s.line]);
  return [...lines].map(([file, at]) =>
    buildSlice(ctx.workspace, file, at, { maxWholeLines: 300, context: 12 }),
  );
}
