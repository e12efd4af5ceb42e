/**
 * What the plan view shows and edits: the planned run, which subtasks are ticked and the instructions the user
 * edited. Pure (no `vscode`), so unit tests cover it; the run gets exactly `plan()` (planEdits.ts).
 */
import type { Plan } from '../../core/plan/planSchema';
import type { PlannedRunData } from '../engine/protocol';
import { applyReviewChoices, type ReviewChoices } from './planEdits';

export class PlanReviewModel {
  private readonly excluded = new Set<string>();
  private readonly edited: Record<string, string> = {};

  constructor(readonly planned: PlannedRunData) {}

  isTicked(file: string): boolean {
    return !this.excluded.has(file);
  }

  setTicked(file: string, ticked: boolean): void {
    if (ticked) this.excluded.delete(file);
    else this.excluded.add(file);
  }

  instructionOf(file: string): string {
    return this.edited[file] ?? this.planned.plan.subtasks.find((s) => s.file === file)?.instructions ?? '';
  }

  /** An empty instruction is refused (the input box says so); the same text as planned drops the edit. */
  setInstruction(file: string, text: string): void {
    const planned = this.planned.plan.subtasks.find((s) => s.file === file)?.instructions;
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed === planned) delete this.edited[file];
    else this.edited[file] = trimmed;
  }

  isEdited(file: string): boolean {
    return file in this.edited;
  }

  tickedCount(): number {
    return this.planned.plan.subtasks.filter((s) => this.isTicked(s.file)).length;
  }

  choices(): ReviewChoices {
    return { excluded: [...this.excluded], instructions: { ...this.edited } };
  }

  /** The plan the workers will receive. */
  plan(): Plan {
    return applyReviewChoices(this.planned.plan, this.choices());
  }
}

/** Splits a long text into lines of at most `width` characters at spaces, for rows that cannot wrap. */
export function wrapText(text: string, width = 72): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}
