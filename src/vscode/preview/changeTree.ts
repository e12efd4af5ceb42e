/**
 * What the "Orchestra Changes" view shows, without `vscode` (so unit tests time it at 1,000 files): the file
 * rows' texts from the data the run already has, and a file's hunks diffed only when its row is expanded —
 * nothing per file is diffed before the view shows. Ticks go to the session's `selection` (Apply's input).
 */
import { hunkTitle, textHunks, type TextHunk } from '../../core/diff/textHunks';
import type { FileChange } from '../../core/runTypes';
import { fileOutcome, lineCounts, newTypeErrors, provenanceText, stepLines } from './changeRows';
import type { PreviewSession } from './previewSession';

/** Up to this many files, file rows start expanded (their hunks in view at once); above it, collapsed. */
export const EXPAND_FILES_UP_TO = 20;

export interface FileRowData {
  label: string;
  description: string;
  tooltip: string;
  ticked: boolean;
  /** 'none': no children (a delete is a whole-file choice; a pure move has no hunks). */
  expand: 'expanded' | 'collapsed' | 'none';
  errors: number;
}

export interface HunkRowData {
  label: string;
  description: string;
  tooltip: string;
  ticked: boolean;
}

export class ChangeTreeModel {
  /** textHunks per file, computed on first expansion. */
  private readonly hunks = new Map<string, TextHunk[]>();
  /** How many files were diffed so far (what the laziness test counts). */
  diffed = 0;

  constructor(readonly session: PreviewSession) {}

  files(): readonly FileChange[] {
    return this.session.changes;
  }

  /** A delete has no partial choice: the file goes or stays, so it shows no hunks to tick. */
  hasHunks(change: FileChange): boolean {
    if (change.deleted) return false;
    if (change.hunks) return change.hunks.length > 0;
    return change.before !== change.after;
  }

  hunksOf(change: FileChange): TextHunk[] {
    if (!this.hasHunks(change)) return [];
    let list = this.hunks.get(change.file);
    if (!list) {
      list = textHunks(change.before, change.after);
      this.diffed++;
      this.hunks.set(change.file, list);
    }
    return list;
  }

  /** Ticks or unticks a file (all of it) or one hunk; ticking a hunk ticks its file. */
  tick(change: FileChange, hunk: TextHunk | undefined, ticked: boolean): void {
    const { selection } = this.session;
    const file = change.file;
    if (!hunk) {
      if (ticked) selection.files.add(file);
      else selection.files.delete(file);
      return;
    }
    const all = this.hunksOf(change).map((h) => h.index);
    const kept = selection.hunks.get(file) ?? new Set(all);
    if (ticked) {
      kept.add(hunk.index);
      selection.files.add(file);
    } else kept.delete(hunk.index);
    if (kept.size === all.length) selection.hunks.delete(file);
    else selection.hunks.set(file, kept);
  }

  fileRow(change: FileChange): FileRowData {
    const { result, selection } = this.session;
    const [added, removed] = this.counts(change);
    const errors = newTypeErrors(result, change.file);
    const kind = change.deleted
      ? 'deleted'
      : change.movedFrom !== undefined
        ? `moved from ${change.movedFrom}`
        : change.isNew
          ? 'created'
          : undefined;
    const parts = [kind, fileOutcome(result, change), lineCounts(added, removed)];
    if (errors) parts.push(`${errors} new type error${errors === 1 ? '' : 's'}`);
    // Said on the row because a collapsed file (above 20) would not show which of its hunks Apply leaves out.
    const kept = selection.hunks.get(change.file);
    if (kept) parts.push(`${kept.size} of ${this.hunksOf(change).length} hunks ticked`);
    const description = parts.filter(Boolean).join(' · ');
    const expand = !this.hasHunks(change)
      ? 'none'
      : this.session.changes.length <= EXPAND_FILES_UP_TO
        ? 'expanded'
        : 'collapsed';
    const whole = change.deleted ? ['A delete is applied whole: tick or untick the file.'] : [];
    return {
      label: change.file,
      description,
      tooltip: [change.file, description, ...stepLines(result, change.file), ...whole].join('\n'),
      ticked: selection.files.has(change.file),
      expand,
      errors,
    };
  }

  hunkRow(change: FileChange, hunk: TextHunk): HunkRowData {
    const origin = change.hunks?.find((h) => h.index === hunk.index);
    const kept = this.session.selection.hunks.get(change.file);
    return {
      label: hunkTitle(hunk),
      description: `${lineCounts(hunk.added.length, hunk.removed.length)} · line ${hunk.start + 1}`,
      tooltip: origin ? provenanceText(origin) : 'no provenance recorded',
      ticked: kept ? kept.has(hunk.index) : true,
    };
  }

  /**
   * Lines added and removed: from the run's own hunk list (the engine diffed each file already), from the
   * hunks if this view diffed them, or counted for a delete; a file is diffed here only as a last resort.
   */
  private counts(change: FileChange): [number, number] {
    if (change.deleted) return [0, lineCount(change.before)];
    const described = change.hunks;
    if (described) {
      return [described.reduce((n, h) => n + h.added, 0), described.reduce((n, h) => n + h.removed, 0)];
    }
    const hunks = this.hunksOf(change);
    return [hunks.reduce((n, h) => n + h.added.length, 0), hunks.reduce((n, h) => n + h.removed.length, 0)];
  }
}

function lineCount(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}
