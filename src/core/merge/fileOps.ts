/**
 * The moves and deletes among a run's proposals, and what clashes with them: two moves onto one path, one
 * file moved twice or moved and deleted, an edit of a file the run moved away (at its old path) or deletes.
 * The first (deterministic steps come first) wins; the later one is a Conflict naming both. Pure.
 */
import type { Conflict } from '../stageTypes';
import type { Proposal } from './combineChanges';

export interface FileOps {
  /** New path → the workspace file moved there. */
  readonly moved: ReadonlyMap<string, string>;
  /** Deleted workspace files. */
  readonly deleted: ReadonlySet<string>;
}

export const NO_FILE_OPS: FileOps = { moved: new Map(), deleted: new Set() };

export interface FileOpsSplit {
  ops: FileOps;
  /** Text proposals to merge: a move's text on its new path, edits of files neither moved away nor deleted. */
  texts: Proposal[];
  conflicts: Conflict[];
}

export function splitFileOps(proposals: readonly Proposal[]): FileOpsSplit {
  const moved = new Map<string, string>();
  const movedBy = new Map<string, Proposal>();
  const deletedBy = new Map<string, Proposal>();
  const conflicts: Conflict[] = [];
  const clash = (file: string, kept: Proposal, dropped: Proposal, what: string): void => {
    conflicts.push({
      file,
      subtasks: [kept.subtask, dropped.subtask],
      message: `${file}: ${what}; kept ${kept.subtask}'s step and dropped ${dropped.subtask}'s`,
    });
  };
  for (const p of proposals) {
    if (p.movedFrom !== undefined) {
      const onto = movedBy.get(p.file);
      const twice = [...movedBy.values()].find((m) => m.movedFrom === p.movedFrom);
      const gone = deletedBy.get(p.movedFrom);
      if (onto) clash(p.file, onto, p, `${onto.movedFrom} and ${p.movedFrom} both move to ${p.file}`);
      else if (twice) clash(p.movedFrom, twice, p, `moved twice (to ${twice.file} and to ${p.file})`);
      else if (gone) clash(p.movedFrom, gone, p, `deleted by ${gone.subtask} and moved to ${p.file}`);
      else {
        moved.set(p.file, p.movedFrom);
        movedBy.set(p.file, p);
      }
    } else if (p.deleted === true) {
      const away = [...movedBy.values()].find((m) => m.movedFrom === p.file);
      if (away) clash(p.file, away, p, `moved to ${away.file} by ${away.subtask} and deleted`);
      else if (!deletedBy.has(p.file)) deletedBy.set(p.file, p);
    }
  }
  const texts: Proposal[] = [];
  for (const p of proposals) {
    if (p.deleted === true) continue;
    if (p.movedFrom !== undefined) {
      if (movedBy.get(p.file) === p) {
        const { movedFrom: _from, ...text } = p;
        texts.push(text);
      }
      continue;
    }
    const away = [...movedBy.values()].find((m) => m.movedFrom === p.file);
    const gone = deletedBy.get(p.file);
    if (away) clash(p.file, away, p, `moved to ${away.file}, so edits at its old path cannot apply`);
    else if (gone) clash(p.file, gone, p, `deleted by ${gone.subtask}, so edits to it cannot apply`);
    else texts.push(p);
  }
  return { ops: { moved, deleted: new Set(deletedBy.keys()) }, texts, conflicts };
}
