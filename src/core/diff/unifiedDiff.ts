/** Git-style unified diffs (`git apply` accepts them) and per-file change counts. */
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import type { FileChange } from '../runTypes';

export interface FileStats {
  file: string;
  isNew: boolean;
  insertions: number;
  deletions: number;
}

export interface ChangeStats {
  files: number;
  insertions: number;
  deletions: number;
  byFile: FileStats[];
}

/** One git-style patch for all changed files, in the given order; unchanged files are left out. */
export function unifiedDiff(changes: readonly FileChange[], context = 3): string {
  return changes
    .filter((c) => c.before !== c.after || c.isNew)
    .map((c) => filePatch(c, context))
    .join('');
}

export function changeStats(changes: readonly FileChange[]): ChangeStats {
  const byFile = changes
    .filter((c) => c.before !== c.after || c.isNew)
    .map((c): FileStats => {
      const lines = structuredPatch('a', 'b', c.before, c.after, undefined, undefined, {
        context: 0,
      }).hunks.flatMap((h) => h.lines);
      return {
        file: c.file,
        isNew: c.isNew,
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
