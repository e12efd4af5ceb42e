/**
 * Builds a worker's request. The first system block (rules + instruction + plan) is identical for every
 * worker of a run and marked for caching, so workers after the first read it from the prompt cache.
 */
import type { ModelRequest, ToolSpec } from '../llm/modelClient';
import type { Plan, Subtask } from '../plan/planSchema';
import type { ContextSlice, SymbolFact } from '../facts/types';

export const EDIT_TOOL_NAME = 'submit_edits';

const RULES = `You are a worker in a multi-file TypeScript refactoring. You edit exactly ONE file.
Return your change by calling the ${EDIT_TOOL_NAME} tool:
- "file": exactly the path you were assigned.
- "edits": search/replace blocks. Each "search" is text copied exactly from the file (never from the
  line-number gutter of an excerpt) and long enough to occur only once; "replace" is its new text.
  Prefer several small blocks to one large block. Keep formatting and indentation.
- "content": only for a new file, or to rewrite a small file entirely.
- If the file needs no change, call the tool with an empty "edits" list and say why in "notes".
Other workers edit the other files of the plan at the same time; change only what your subtask asks.`;

export interface SharedWorkerContext {
  instruction: string;
  plan: Plan;
  symbols: SymbolFact[];
  /** The declarations the change is about (as they are before it), so every worker sees the same API. */
  definitions: ContextSlice[];
}

/** The cached prefix shared by all workers of one run. */
export function sharedWorkerSystem(shared: SharedWorkerContext): string {
  const planLines = shared.plan.subtasks
    .map((s) => `- ${s.file} (${s.handler}): ${s.instructions}`)
    .join('\n');
  const symbolLines = shared.symbols
    .map((s) => `- ${s.kind} ${s.name} at ${s.file}:${s.line}: ${s.signature}`)
    .join('\n');
  return [
    RULES,
    `The whole change: ${shared.instruction}`,
    `Plan summary: ${shared.plan.summary}\n${planLines}`,
    symbolLines ? `Relevant symbols:\n${symbolLines}` : '',
    ...shared.definitions.map(
      (d) => `<definition path="${d.file}" (before the change)>\n${d.text}\n</definition>`,
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
}

export interface WorkerRequestInput {
  shared: string;
  subtask: Subtask;
  slice: ContextSlice | undefined;
  model: string;
  maxTokens: number;
  tool: ToolSpec;
}

export function buildWorkerRequest(input: WorkerRequestInput): ModelRequest {
  const { subtask, slice } = input;
  const fileBlock = slice
    ? `<file path="${slice.file}" (${slice.whole ? 'whole file' : `excerpt of a ${slice.totalLines}-line file; search text must come from the shown lines, without the line numbers`})>\n${slice.text}\n</file>`
    : `The file ${subtask.file} does not exist yet: return its whole "content".`;
  return {
    role: 'worker',
    model: input.model,
    maxTokens: input.maxTokens,
    tool: input.tool,
    system: [{ text: input.shared, cache: true }],
    messages: [
      {
        role: 'user',
        content: `Your file: ${subtask.file}\nYour subtask: ${subtask.instructions}\n\n${fileBlock}`,
      },
    ],
    label: subtask.file,
  };
}
