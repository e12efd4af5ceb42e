/**
 * One repair round: files whose merged text introduced new type errors get one more worker call
 * with the diagnostics, within the budget. What still fails is reported, not hidden.
 */
import type { WorkspaceFacts } from '../facts/types';
import type { ModelRequest } from '../llm/modelClient';
import type { Plan } from '../plan/planSchema';
import type { Diagnostic } from '../runTypes';
import { runWorker } from '../worker/runWorker';
import { buildWorkerRequests } from '../worker/workerRequests';
import type { RunContext } from './runContext';

export interface RepairOutcome {
  /** file → repaired text */
  repaired: Map<string, string>;
  notes: string[];
}

export async function repairFiles(
  ctx: RunContext,
  merged: Map<string, string>,
  introduced: Diagnostic[],
  template: ModelRequest | undefined,
): Promise<RepairOutcome> {
  const repaired = new Map<string, string>();
  const notes: string[] = [];
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of introduced) {
    if (!merged.has(d.file)) continue; // only files this run changed are ours to repair
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  }
  if (!template || byFile.size === 0) return { repaired, notes };
  for (const [file, diagnostics] of byFile) {
    const text = merged.get(file) as string;
    const list = diagnostics.map((d) => `- line ${d.line}: TS${d.code} ${d.message}`).join('\n');
    const request: ModelRequest = {
      ...template,
      role: 'repair',
      label: `repair:${file}`,
      messages: [
        {
          role: 'user',
          content:
            `Your file: ${file}\nYour subtask: the refactoring left new type errors in this file. Fix them ` +
            `without undoing the refactoring.\n${list}\n\n<file path="${file}" (whole file, after the refactoring)>\n${text}\n</file>`,
        },
      ],
    };
    const result = await runWorker(
      ctx,
      { file, handler: 'llm', instructions: 'repair', priority: 5 },
      text,
      request,
    );
    if (result.ok) {
      repaired.set(file, result.value.after);
      continue;
    }
    notes.push(`${file}: repair failed: ${result.error.message}`);
    const cause = result.error.cause?.reason;
    if (cause === 'budget-exceeded' || cause === 'cancelled') break;
  }
  return { repaired, notes };
}

/**
 * The repair round's request when the plan has no worker whose request it could reuse (a rename-only
 * plan): a worker request for the first changed file with new errors, built the way the workers' are.
 */
export function repairTemplate(
  ctx: RunContext,
  run: {
    instruction: string;
    plan: Plan;
    facts: WorkspaceFacts;
    merged: Map<string, string>;
    introduced: Diagnostic[];
  },
): ModelRequest | undefined {
  const file = run.introduced.find((d) => run.merged.has(d.file))?.file;
  if (file === undefined) return undefined;
  const subtask = { file, handler: 'llm' as const, instructions: 'Fix the new type errors.', priority: 5 };
  const plan = { summary: run.plan.summary, subtasks: [subtask] };
  return buildWorkerRequests(ctx, run.instruction, plan, run.facts).get(file);
}
