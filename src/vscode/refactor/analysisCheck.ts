/**
 * Which planned files the analysis did not point at. The orchestrator reads workspace text, and text can
 * try to steer it; a subtask on a file that is neither a candidate of the facts (definition, references,
 * importers, …) nor named by the user's instruction is marked in the review so such a plan stands out.
 * Pure (no `vscode`).
 */
import type { PlannedRun } from '../../core/runTypes';

export const NOT_FOUND_BY_ANALYSIS = 'not found by the analysis';

export function filesNotFoundByAnalysis(
  planned: Pick<PlannedRun, 'plan' | 'facts' | 'request'>,
): Set<string> {
  const found = new Set<string>([
    ...planned.facts.candidates.map((c) => c.file),
    ...planned.facts.symbols.map((s) => s.file),
  ]);
  const instruction = planned.request.instruction;
  const named = (file: string): boolean => {
    const base = file.slice(file.lastIndexOf('/') + 1);
    return instruction.includes(file) || (base.length > 0 && instruction.includes(base));
  };
  return new Set(planned.plan.subtasks.map((s) => s.file).filter((f) => !found.has(f) && !named(f)));
}
