/** Git-style unified diffs (`git apply` accepts them) and per-file change counts. */
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import type { FileChange } from '../runTypes';

export interface FileStats {
  file: string;
  isNew: boolean;
  /** The file's old path, for a move. */
  movedFrom?: string;
  deleted?: true;
  insertions: number;
  deletions: number;
}

export interface ChangeStats {
  files: number;
  insertions: number;
  deletions: number;
  byFile: FileStats[];
}

/** Whether a change does anything: a new text, a new file, a move or a delete. */
function isChange(c: FileChange): boolean {
  return c.before !== c.after || c.isNew || c.movedFrom !== undefined || c.deleted === true;
}

/**
 * One git-style patch for all changed files, in the given order; unchanged files are left out. A move is a
 * rename (`rename from`/`rename to`) with its changes, a delete a `deleted file` against /dev/null.
 */
export function unifiedDiff(changes: readonly FileChange[], context = 3): string {
  return changes
    .filter(isChange)
    .map((c) => filePatch(c, context))
    .join('');
}

export function changeStats(changes: readonly FileChange[]): ChangeStats {
  const byFile = changes.filter(isChange).map((c): FileStats => {
    const lines = structuredPatch('a', 'b', c.before, c.after, undefined, undefined, {
      context: 0,
    }).hunks.flatMap((h) => h.lines);
    return {
      file: c.file,
      isNew: c.isNew,
      ...(c.movedFrom === undefined ? {} : { movedFrom: c.movedFrom }),
      ...(c.deleted === true ? { deleted: true as const } : {}),
      insertions: lines.filter((l) => l.startsWith('+')).length,
      deletions: lines.filter((l) => l.startsWith('-')).length,
    };
  });
  return {
    files: byFile.length,
    insertions: byFile.reduce((n, f) => n + f.insertions, 0),
    deletions: byFile.reduce((n, f) => n + f.deletions, 0),
    byFile,
  };
}

function filePatch(c: FileChange, context: number): string {
  if (c.movedFrom !== undefined) return movePatch(c, c.movedFrom, context);
  if (c.deleted === true) {
    const header = `diff --git a/${c.file} b/${c.file}\ndeleted file mode 100644\n`;
    if (c.before === '') return header;
    const patch = structuredPatch(`a/${c.file}`, '/dev/null', c.before, '', undefined, undefined, {
      context,
    });
    return header + formatPatch(patch, FILE_HEADERS_ONLY);
  }
  const header = `diff --git a/${c.file} b/${c.file}\n` + (c.isNew ? 'new file mode 100644\n' : '');
  // An empty new file has no hunks; git writes only the header lines for it.
  if (c.isNew && c.after === '') return header;
  const oldName = c.isNew ? '/dev/null' : `a/${c.file}`;
  const patch = structuredPatch(
    oldName,
    `b/${c.file}`,
    c.isNew ? '' : c.before,
    c.after,
    undefined,
    undefined,
    {
      context,
    },
  );
  return header + formatPatch(patch, FILE_HEADERS_ONLY);
}

/** A rename as git writes it: the header, and the text's hunks only when it changed. */
function movePatch(c: FileChange, from: string, context: number): string {
  const header = `diff --git a/${from} b/${c.file}\nrename from ${from}\nrename to ${c.file}\n`;
  if (c.before === c.after) return header;
  const patch = structuredPatch(`a/${from}`, `b/${c.file}`, c.before, c.after, undefined, undefined, {
    context,
  });
  return header + formatPatch(patch, FILE_HEADERS_ONLY);
}
