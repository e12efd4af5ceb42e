/**
 * `openWorkspace()`: chooses which files a workspace holds — tsconfig or jsconfig (`files`/`include`/`exclude`,
 * `extends`, `references`, every config below the root) or a walk of the tree (TypeScript files, else
 * JavaScript files), plus the user's include/exclude globs — and hands them to the disk workspace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OrchestraError } from '../errors';
import { DiskWorkspace } from './diskWorkspace';
import { selectFiles } from './selectFiles';
import { DEFAULT_MAX_FILE_BYTES } from './textChecks';
import type { OpenOptions } from './workspace';

export async function openWorkspace(root: string, options: OpenOptions = {}): Promise<DiskWorkspace> {
  const absRoot = path.resolve(root);
  let realRoot: string;
  try {
    if (!fs.statSync(absRoot).isDirectory()) throw new Error('not a folder');
    realRoot = fs.realpathSync(absRoot);
  } catch {
    throw new OrchestraError('no-project', `Cannot open ${root}: it is not a folder. Open a project folder.`);
  }
  const selection = selectFiles(absRoot, options);
  if (selection.files.length === 0) {
    throw new OrchestraError(
      'no-project',
      `No JavaScript or TypeScript files found in ${root}: open a folder with a tsconfig.json, a jsconfig.json, or .ts/.js files`,
    );
  }
  return new DiskWorkspace(absRoot, realRoot, selection, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, () =>
    selectFiles(absRoot, options),
  );
}
