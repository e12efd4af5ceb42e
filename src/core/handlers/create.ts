/** The 'create' handler: a worker model writes a new TypeScript file. */
import type { Handler } from './handler';
import { runModelSubtask } from './llm';
import { isSourceFile } from '../workspace/paths';

export const createHandler: Handler<'create', undefined> = {
  name: 'create',
  summary: 'a new file',
  description: 'a new file.',
  args: undefined,
  usesModel: true,
  validate(subtask, host) {
    const file = subtask.file;
    if (host.exists(file)) return 'handler "create" names a file that already exists; use "llm"';
    if (!isSourceFile(file))
      return 'new files must be TypeScript or JavaScript (.ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs)';
    // `a.ts/b.ts` with `a.ts` a file can neither be type-checked nor written.
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (host.exists(parent)) return `${parent} is a file, so it cannot hold a new file`;
    }
    return undefined;
  },
  run: runModelSubtask,
};
