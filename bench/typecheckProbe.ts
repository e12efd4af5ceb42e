/**
 * Child side of the type-check benchmark: one small change to a central file of a corpus, compared with
 * the engine's check (`checkChanges`), after the workspace is opened and listed (as in a run, where the facts
 * have listed it already). Peak RSS is the whole child's.
 */
import { checkChanges } from '../src/core/merge/typecheck';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import type { Metrics } from './probes';

export interface CentralChange {
  /** Workspace-relative file most of the corpus imports. */
  file: string;
  /** Exact text replaced (once) in it, and its replacement. */
  search: string;
  replace: string;
}

export async function typecheckCentral(root: string, change: CentralChange): Promise<Metrics> {
  const ws = await openWorkspace(root);
  ws.listFiles();
  const text = ws.readText(change.file);
  if (text === undefined || !text.includes(change.search))
    throw new Error(`${change.file} does not contain the text the benchmark changes`);
  const start = performance.now();
  const r = checkChanges(ws, [{ file: change.file, after: text.replace(change.search, change.replace) }]);
  return {
    seconds: (performance.now() - start) / 1000,
    checked: r.checked.length,
    loaded: r.loaded.length,
    files: ws.listFiles().length,
    introduced: r.introduced.length,
  };
}
