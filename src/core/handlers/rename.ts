/** The 'rename' handler: a symbol renamed in every file through TypeScript's own rename (no model). */
import { z } from 'zod';
import { crashedRun, type Handler, type HandlerArgs, type HandlerRun } from './handler';
import { withTexts } from './overlay';
import type { FileChange } from '../stageTypes';
import type { Result } from '../result';
import { renameSymbol } from './renameSymbol';

const renameArgs = {
  schema: z.object({ from: z.string().min(1), to: z.string().min(1) }),
  description: "For handler 'rename': the symbol's current and new name.",
} satisfies HandlerArgs;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const renameHandler: Handler<'rename', typeof renameArgs> = {
  name: 'rename',
  summary: 'deterministic symbol rename (no model)',
  description:
    'a pure symbol rename. Give one subtask on the file that DECLARES the symbol, with rename.from/rename.to;\n' +
    '  it updates every reference in every file deterministically, so do not add llm subtasks for files that only need the rename.\n' +
    '  rename.from is the name, or Type.member for a property or method. To rename several symbols declared in one file,\n' +
    '  give one rename subtask per symbol on that file (the only handler that may share a file).',
  args: renameArgs,
  usesModel: false,
  sameFile: { key: (subtask) => subtask.rename?.from.trim() ?? '', per: 'symbol' },
  validate(subtask, host) {
    if (!host.exists(subtask.file))
      return 'no such file in the workspace (use handler "create" for new files)';
    if (!subtask.rename) return 'handler "rename" needs rename.from and rename.to';
    if (!IDENTIFIER.test(subtask.rename.to)) return `"${subtask.rename.to}" is not a valid identifier`;
    return undefined;
  },
  async run({ ctx, subtask, current, gone }): Promise<HandlerRun> {
    const rename = subtask.rename;
    const refused = (reason: string): HandlerRun => ({
      proposals: [],
      // A refused rename is the request's problem (a taken name, an unknown symbol), not the model's output.
      outcome: { costUsd: 0, attempts: 0, status: 'failed', reason, errorReason: 'bad-input' },
    });
    if (!rename) return refused('rename subtask without rename.from/to');
    let result: Result<FileChange[]>;
    try {
      // Runs on the texts earlier renames of this run left, so a second rename sees the first's result.
      result = withTexts(
        ctx.workspace,
        current,
        (view) => renameSymbol(view, { file: subtask.file, from: rename.from, to: rename.to }),
        gone,
      );
    } catch (e) {
      return crashedRun(e);
    }
    if (!result.ok) return refused(result.error);
    const files = result.value.length;
    return {
      proposals: result.value.map((c) => ({ file: c.file, after: c.after })),
      outcome: {
        costUsd: 0,
        attempts: 0,
        status: files > 0 ? 'done' : 'unchanged',
        notes: `renamed ${rename.from} → ${rename.to} in ${files} file(s)`,
      },
    };
  },
};
