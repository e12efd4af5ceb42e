/**
 * The texts a run's steps leave, in memory: each file's latest text, who changed it, and the proposals to
 * merge. A step that started from a file's latest text supersedes the proposals before it on that file (its
 * text already holds them), so steps in sequence on one file are one proposal, never a conflict; a step
 * whose file another step changed while it ran is proposed beside it, for the merge to combine or refuse.
 */
import type { FileProposal } from '../handlers/handler';
import type { ChangedByDependency } from '../worker/waveRequest';
import type { Workspace } from '../workspace/workspace';
import type { Proposal } from './runSubtasks';

export class RunTexts {
  /** File → its latest text; a file not listed is at its baseline. */
  readonly current = new Map<string, string>();
  private readonly list: Proposal[] = [];
  private readonly changers = new Map<string, string[]>();

  constructor(private readonly ws: Workspace) {}

  /**
   * Records what subtask `id` proposed, its proposals named `label` (what the merge calls the subtask).
   * `start`: the text of each file as it started (undefined: the baseline); omit it for a step that ran
   * alone on the latest texts (a deterministic step).
   */
  propose(
    id: string,
    label: string,
    proposals: readonly FileProposal[],
    start?: (file: string) => string | undefined,
  ): void {
    for (const p of proposals) {
      const sequential = start === undefined || start(p.file) === this.current.get(p.file);
      if (sequential) {
        for (let i = this.list.length - 1; i >= 0; i--)
          if (this.list[i]?.file === p.file) this.list.splice(i, 1);
      }
      this.list.push({ subtask: label, file: p.file, after: p.after });
      this.current.set(p.file, p.after);
      this.changers.set(p.file, [...(this.changers.get(p.file) ?? []), id]);
    }
  }

  /** The proposals to merge; a file whose steps put it back as it was is left out. */
  proposals(): Proposal[] {
    return this.list.filter((p) => p.after !== this.ws.readText(p.file));
  }

  /** The files the subtasks `ids` changed, as they are now, with which of them changed each. */
  changedBy(ids: ReadonlySet<string>): ChangedByDependency[] {
    const out: ChangedByDependency[] = [];
    for (const [file, after] of this.current) {
      const by = (this.changers.get(file) ?? []).filter((id) => ids.has(id));
      if (by.length === 0) continue;
      out.push({ file, by: [...new Set(by)], before: this.ws.readText(file) ?? '', after });
    }
    return out;
  }
}
