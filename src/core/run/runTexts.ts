/**
 * The texts a run's steps leave, in memory: each file's latest text, who changed it, and the proposals to
 * merge. A step that started from a file's latest text supersedes the proposals before it on that file (its
 * text already holds them), so steps in sequence on one file are one proposal, never a conflict; a step
 * whose file another step changed while it ran is proposed beside it, for the merge to combine or refuse.
 */
import type { FileProposal } from '../handlers/handler';
import type { ChangedByDependency } from '../worker/waveRequest';
import type { Workspace } from '../workspace/workspace';

export interface Proposal {
  /** The id of the subtask that proposed it (its file for a subtask without one). */
  subtask: string;
  file: string;
  after: string;
  /** The file moves here from this workspace path. */
  movedFrom?: string;
  /** The subtask deletes `file`. */
  deleted?: true;
  /**
   * The text the deterministic steps left in `file` before the model steps that proposed this started on
   * it (a moved file's moved text, a renamed file's renamed text); unset when they started from the baseline.
   * The scope check judges the model's hunks against it, not the steps' own changes.
   */
  stepBase?: string;
}

export class RunTexts {
  /** File → its latest text; a file not listed is at its baseline (a moved file under its new path). */
  readonly current = new Map<string, string>();
  /** Workspace files moved away or deleted by the steps so far. */
  readonly gone = new Set<string>();
  private readonly list: Proposal[] = [];
  /** The proposals in `list` that a deterministic step made. */
  private readonly byStep = new WeakSet<Proposal>();
  private readonly changers = new Map<string, string[]>();
  /** New path → the workspace file it came from. */
  private readonly movedTo = new Map<string, string>();
  /** Workspace file → the subtask (merge label) that deleted it. */
  private readonly deleted = new Map<string, string>();

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
      if (p.deleted === true) {
        this.remove(p.file);
        this.deleted.set(this.movedTo.get(p.file) ?? p.file, label);
        this.movedTo.delete(p.file);
        continue;
      }
      if (p.movedFrom !== undefined) {
        // The move started from the old path's latest text, so it carries the edits made there.
        const origin = this.movedTo.get(p.movedFrom) ?? p.movedFrom;
        this.remove(p.movedFrom);
        this.movedTo.delete(p.movedFrom);
        this.movedTo.set(p.file, origin);
      }
      const sequential = start === undefined || start(p.file) === this.current.get(p.file);
      let stepBase: string | undefined;
      if (sequential) {
        for (let i = this.list.length - 1; i >= 0; i--) {
          const earlier = this.list[i];
          if (earlier?.file !== p.file) continue;
          stepBase ??= this.byStep.has(earlier) ? earlier.after : earlier.stepBase;
          this.list.splice(i, 1);
        }
      }
      const proposal: Proposal = { subtask: label, file: p.file, after: p.after };
      if (start === undefined) this.byStep.add(proposal);
      else if (stepBase !== undefined) proposal.stepBase = stepBase;
      this.list.push(proposal);
      this.current.set(p.file, p.after);
      this.changers.set(p.file, [...(this.changers.get(p.file) ?? []), id]);
    }
  }

  /**
   * The proposals to merge; a file whose steps put it back as it was is left out. A moved file is proposed at
   * its last path with its first origin (a move is a change even with the same text); a deleted one as such.
   */
  proposals(): Proposal[] {
    const out: Proposal[] = [];
    for (const p of this.list) {
      const movedFrom = this.movedTo.get(p.file);
      if (movedFrom !== undefined) out.push({ ...p, movedFrom });
      else if (p.after !== this.ws.readText(p.file)) out.push(p);
    }
    for (const [file, subtask] of this.deleted) out.push({ subtask, file, after: '', deleted: true });
    return out;
  }

  /** Forgets a path the steps moved away or deleted: its proposals, its text; the workspace file is gone. */
  private remove(file: string): void {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]?.file === file) this.list.splice(i, 1);
    this.current.delete(file);
    this.gone.add(this.movedTo.get(file) ?? file);
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
