/**
 * Lets a deterministic handler see the texts earlier subtasks of the run proposed: a workspace view that
 * reads them, and the shared ts-morph project holding them for the duration of one call. The project is
 * put back at baseline afterwards, as later stages (type-check, repair, the next query) expect.
 */
import type { SourceFile } from 'ts-morph';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import { wordRegExp } from '../workspace/textChecks';
import type { Workspace } from '../workspace/workspace';

export function withTexts<T>(
  ws: Workspace,
  texts: ReadonlyMap<string, string>,
  fn: (view: Workspace) => T,
): T {
  if (texts.size === 0) return fn(ws);
  const project = loadWorkspaceFiles(ws, texts.keys());
  const originals = new Map<SourceFile, string>();
  try {
    for (const [file, text] of texts) {
      const sf = project.getSourceFile(absolutePath(ws.root, file));
      if (!sf) continue;
      originals.set(sf, sf.getFullText());
      sf.replaceWithText(text);
    }
    return fn(overlayView(ws, texts));
  } finally {
    for (const [sf, text] of originals) sf.replaceWithText(text);
  }
}

/** `ws` with `texts` in place of the files' baseline texts; everything else is the workspace's own. */
function overlayView(ws: Workspace, texts: ReadonlyMap<string, string>): Workspace {
  const textOf = (file: string): string | undefined => texts.get(file) ?? ws.readText(file);
  return {
    root: ws.root,
    listFiles: () => ws.listFiles(),
    readText: textOf,
    hashOf: (file) => ws.hashOf(file),
    getProject: () => ws.getProject(),
    resolveInside: (file) => ws.resolveInside(file),
    hasWord: (file, word) => {
      const overlaid = texts.get(file);
      if (overlaid === undefined && ws.hasWord !== undefined) return ws.hasWord(file, word);
      const text = overlaid ?? ws.scanText?.(file) ?? ws.readText(file);
      return text === undefined ? undefined : wordRegExp(word).test(text);
    },
  };
}
