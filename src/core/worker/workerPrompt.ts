/**
 * Builds a worker's request. The first system block (rules + instruction + plan) is identical for every
 * worker of a run and marked for caching, so workers after the first read it from the prompt cache; the
 * tools (submit_edits, read_lines) are the same for every worker too, as the cached prefix starts with them.
 */
import type { ModelRequest, ToolSpec } from '../llm/modelClient';
import type { PlanFields, SubtaskFields } from '../plan/subtaskFields';
import { planListing } from './planListing';
import type { ContextSlice, SymbolFact } from '../facts/types';
import { DATA_RULE, dataBlock } from './dataBlock';
import { READ_TOOL_NAME } from './readLines';

export const EDIT_TOOL_NAME = 'submit_edits';

const RULES = `You are a worker in a multi-file TypeScript refactoring. You edit exactly ONE file.
Return your change by calling the ${EDIT_TOOL_NAME} tool:
- "file": exactly the path you were assigned.
- "edits": search/replace blocks. Each "search" is text copied exactly from the file (never from the
  "N | " line-number gutter of an excerpt or of ${READ_TOOL_NAME}) and long enough to occur only once;
  "replace" is its new text. Prefer several small blocks to one large block. Keep formatting and indentation.
- "content": only for a new file, or to rewrite a small file entirely.
- If the file needs no change, call the tool with an empty "edits" list and say why in "notes".
When you see only an excerpt of your file, call ${READ_TOOL_NAME} with {"start": N, "end": M} for any other
lines of it you need before you edit (a few calls at most); it reads only your own file.
Other workers edit the other files of the plan at the same time; change only what your subtask asks.

${DATA_RULE}`;

export interface SharedWorkerContext {
  instruction: string;
  plan: PlanFields;
  symbols: SymbolFact[];
  /** The declarations the change is about (as they are before it), so every worker sees the same API. */
  definitions: ContextSlice[];
}

/** The cached prefix shared by all workers of one run. */
export function sharedWorkerSystem(shared: SharedWorkerContext): string {
  const planLines = planListing(shared.plan.subtasks);
  const symbolLines = shared.symbols
    .map((s) => `- ${s.kind} ${s.name} at ${s.file}:${s.line}: ${s.signature}`)
    .join('\n');
  return [
    RULES,
    `The whole change: ${shared.instruction}`,
    `Plan summary: ${shared.plan.summary}\n${planLines}`,
    symbolLines ? `Relevant symbols:\n${symbolLines}` : '',
    ...shared.definitions.map((d) => dataBlock('definition', d.file, 'before the change', d.text)),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** A worker's request, with what the re-ask needs when the worker changes nothing. */
export interface WorkerRequest extends ModelRequest {
  /** Identifiers the subtask is about (plan symbols, names the instructions quote). */
  focusTerms?: readonly string[];
}

export interface WorkerRequestInput {
  shared: string;
  subtask: SubtaskFields;
  slice: ContextSlice | undefined;
  model: string;
  maxTokens: number;
  tool: ToolSpec;
  helperTools: ToolSpec[];
  focusTerms: readonly string[];
}

export function fileBlock(slice: ContextSlice): string {
  const label = slice.whole
    ? 'whole file'
    : `excerpt of a ${slice.totalLines}-line file: the lines that mention the plan's symbols, with context; ` +
      `${READ_TOOL_NAME} shows any other line`;
  return dataBlock('file', slice.file, label, slice.text);
}

export function buildWorkerRequest(input: WorkerRequestInput): WorkerRequest {
  const { subtask, slice } = input;
  const file = slice
    ? fileBlock(slice)
    : `The file ${subtask.file} does not exist yet: return its whole "content".`;
  return {
    role: 'worker',
    model: input.model,
    maxTokens: input.maxTokens,
    tool: input.tool,
    helperTools: input.helperTools,
    toolChoice: 'any',
    system: [{ text: input.shared, cache: true }],
    messages: [
      {
        role: 'user',
        content: `Your file: ${subtask.file}\nYour subtask: ${subtask.instructions}\n\n${file}`,
      },
    ],
    label: subtask.file,
    focusTerms: input.focusTerms,
  };
}
