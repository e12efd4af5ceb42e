/**
 * The 'move' handler: a file moved or renamed, every import of it updated through TypeScript's
 * `getEditsForFileRename` (moveEdits.ts), with no model call. Several moves run one after another, each on
 * the texts the ones before left, so a folder's files moved one by one keep their imports of each other.
 */
import { crashedRun, type Handler, type HandlerRun } from './handler';
import { moveFile } from './moveEdits';
import { withTexts } from './overlay';
import { isSourceFile, isTsFile } from '../workspace/paths';
import type { Result } from '../result';
import type { MovedFile } from './moveEdits';

export const moveHandler: Handler<'move', undefined> = {
  name: 'move',
  summary: 'move or rename a file, updating every import of it (no model)',
  description:
    'move or rename an existing file: { file, handler: "move", to: "new/path.ts" }. Every import, re-export,\n' +
    '  `import type`, dynamic import() and paths-mapped specifier of it in the workspace is updated deterministically,\n' +
    '  and its own relative imports follow it. Prefer it to any llm subtask that would rewrite imports for a move:\n' +
    '  give no llm subtask for files that only need their import of the moved file updated. To move a folder, give\n' +
    '  one move per file. `to` must not exist yet.',
  args: undefined,
  usesModel: false,
  takesTarget: true,
  validate(subtask, host) {
    if (!host.exists(subtask.file)) return 'no such file in the workspace';
    const to = subtask.to;
    if (to === undefined) return 'handler "move" needs "to": the new workspace-relative path';
    if (to === subtask.file) return `"to" is the file's own path; a move needs a new path`;
    if (host.exists(to)) return `${to} already exists; a move never overwrites a file`;
    if (!isSourceFile(to) || isTsFile(to) !== isTsFile(subtask.file))
      return `${to} must keep the file a ${isTsFile(subtask.file) ? 'TypeScript' : 'JavaScript'} source file`;
    const parts = to.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (host.exists(parent)) return `${parent} is a file, so it cannot hold ${to}`;
    }
    return undefined;
  },
  validateInPlan(steps, index) {
    const subtask = steps[index]?.subtask;
    if (subtask?.to === undefined) return undefined;
    const to = subtask.to;
    if (steps.slice(0, index).some((s) => s.subtask.handler === 'move' && s.subtask.to === to))
      return `another move already targets ${to}; two files cannot move to one path`;
    // A step that waits for this move works on the moved file (a move, then an llm edit of it).
    const after = (s: (typeof steps)[number]): boolean =>
      subtask.id !== undefined && s.waitsFor?.has(subtask.id) === true;
    if (steps.some((s) => s.subtask.file === to && !after(s)))
      return `${to} is also the file of another subtask; a move needs a path nothing else uses`;
    return undefined;
  },
  async run({ ctx, subtask, current, gone }): Promise<HandlerRun> {
    const refused = (reason: string): HandlerRun => ({
      proposals: [],
      outcome: { costUsd: 0, attempts: 0, status: 'failed', reason, errorReason: 'bad-input' },
    });
    const to = subtask.to;
    if (to === undefined) return refused('move subtask without "to"');
    if (gone?.has(subtask.file) === true)
      return refused(`${subtask.file} was already moved or deleted by an earlier step`);
    let result: Result<MovedFile>;
    try {
      result = withTexts(
        ctx.workspace,
        current,
        (view) => moveFile(ctx.workspace, view, { from: subtask.file, to }, current.keys()),
        gone,
      );
    } catch (e) {
      return crashedRun(e);
    }
    if (!result.ok) return refused(`cannot move ${subtask.file}: ${result.error}`);
    const { text, importers } = result.value;
    return {
      proposals: [{ file: to, after: text, movedFrom: subtask.file }, ...importers],
      outcome: {
        costUsd: 0,
        attempts: 0,
        status: 'done',
        notes: `moved ${subtask.file} → ${to}; updated imports in ${importers.length} file(s)`,
      },
    };
  },
};
