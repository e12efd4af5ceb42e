/**
 * What the plan view shows and edits: the planned run, which subtasks are ticked and the instructions the user
 * edited, each keyed by the subtask's review key (its id, else its file; see `reviewKeys`), so two subtasks of
 * one file are ticked and edited apart. Pure (no `vscode`), so unit tests cover it; the run gets exactly
 * `plan()` (planEdits.ts).
 */
import type { Plan, Subtask } from '../../core/plan/planSchema';
import type { PlannedRunData } from '../engine/protocol';
import { applyReviewChoices, reviewKeys, type ReviewChoices } from './planEdits';

export class PlanReviewModel {
  private readonly excluded = new Set<string>();
  private readonly edited: Record<string, string> = {};
  /** Each subtask's review key, in plan order. */
  readonly keys: readonly string[];
  private readonly byKey: ReadonlyMap<string, Subtask>;

  constructor(readonly planned: PlannedRunData) {
    this.keys = reviewKeys(planned.plan);
    this.byKey = new Map(planned.plan.subtasks.map((s, i) => [this.keys[i] ?? s.file, s]));
  }

  /** The subtask a key names, if the plan has it. */
  subtask(key: string): Subtask | undefined {
    return this.byKey.get(key);
  }

  /** The key of the first subtask of `file` (what a caller naming only a file means). */
  keyOfFile(file: string): string | undefined {
    const i = this.planned.plan.subtasks.findIndex((s) => s.file === file);
    return i < 0 ? undefined : this.keys[i];
  }

  isTicked(key: string): boolean {
    return !this.excluded.has(key);
  }

  setTicked(key: string, ticked: boolean): void {
    if (ticked) this.excluded.delete(key);
    else this.excluded.add(key);
  }

  instructionOf(key: string): string {
    return this.edited[key] ?? this.byKey.get(key)?.instructions ?? '';
  }

  /** An empty instruction is refused (the input box says so); the same text as planned drops the edit. */
  setInstruction(key: string, text: string): void {
    const planned = this.byKey.get(key)?.instructions;
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed === planned) delete this.edited[key];
    else this.edited[key] = trimmed;
  }

  isEdited(key: string): boolean {
    return key in this.edited;
  }

  tickedCount(): number {
    return this.keys.filter((k) => this.isTicked(k)).length;
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
