/**
 * Lets a deterministic handler see the texts earlier subtasks of the run proposed: a workspace view that
 * reads them, and the shared ts-morph project holding them for the duration of one call. A text for a file
 * the workspace does not have (a file an earlier step created) is added for the call and removed after.
 * Files in `gone` (moved away or deleted by an earlier step) are taken out of the project and the view for
 * the call. The project is put back at baseline afterwards, as later stages (type-check, repair, the next
 * query) expect.
 */
import type { SourceFile } from 'ts-morph';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import { wordRegExp } from '../workspace/textChecks';
import type { Workspace } from '../workspace/workspace';

export function withTexts<T>(
  ws: Workspace,
  texts: ReadonlyMap<string, string>,
  fn: (view: Workspace) => T,
  gone: ReadonlySet<string> = new Set(),
): T {
  if (texts.size === 0 && gone.size === 0) return fn(ws);
  const project = loadWorkspaceFiles(ws, texts.keys());
  const originals = new Map<SourceFile, string>();
  const created: SourceFile[] = [];
  const removed = new Map<string, string>();
  try {
    for (const file of gone) {
      const sf = project.getSourceFile(absolutePath(ws.root, file));
      if (!sf) continue;
      removed.set(sf.getFilePath(), sf.getFullText());
      project.removeSourceFile(sf);
    }
    for (const [file, text] of texts) {
      const abs = absolutePath(ws.root, file);
      const sf = project.getSourceFile(abs);
      if (sf) {
        originals.set(sf, sf.getFullText());
        sf.replaceWithText(text);
      } else {
        created.push(project.createSourceFile(abs, text, { overwrite: true }));
      }
    }
    return fn(overlayView(ws, texts, gone));
  } finally {
    for (const [sf, text] of originals) sf.replaceWithText(text);
    for (const sf of created) project.removeSourceFile(sf);
    for (const [abs, text] of removed) project.createSourceFile(abs, text, { overwrite: true });
  }
}

/** `ws` with `texts` in place of the files' baseline texts; everything else is the workspace's own. */
export function overlayView(
  ws: Workspace,
  texts: ReadonlyMap<string, string>,
  gone: ReadonlySet<string> = new Set(),
): Workspace {
  const textOf = (file: string): string | undefined =>
    texts.get(file) ?? (gone.has(file) ? undefined : ws.readText(file));
  const listFiles = (): string[] => {
    const files = ws.listFiles().filter((f) => !gone.has(f) || texts.has(f));
    const known = new Set(files);
    return [...files, ...[...texts.keys()].filter((f) => !known.has(f)).sort()];
  };
  return {
    root: ws.root,
    listFiles,
    readText: textOf,
    hashOf: (file) => ws.hashOf(file),
    getProject: () => ws.getProject(),
    resolveInside: (file) => ws.resolveInside(file),
    hasWord: (file, word) => {
      const overlaid = texts.get(file);
      if (overlaid === undefined && gone.has(file)) return undefined;
      if (overlaid === undefined && ws.hasWord !== undefined) return ws.hasWord(file, word);
      const text = overlaid ?? ws.scanText?.(file) ?? ws.readText(file);
      return text === undefined ? undefined : wordRegExp(word).test(text);
    },
  };
}
