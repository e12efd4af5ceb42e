/** The 'create' handler: a worker model writes a new source file (JavaScript only in a project that holds it). */
import type { Handler } from './handler';
import { runModelSubtask } from './llm';
import { isJsFile, isSourceFile } from '../workspace/paths';

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
    // A JavaScript file in a TypeScript-only project would be neither loaded nor checked.
    if (isJsFile(file) && host.holdsJavaScript?.() !== true)
      return 'this project holds no JavaScript (no jsconfig.json or allowJs): new files must be TypeScript (.ts, .tsx, .mts, .cts)';
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
