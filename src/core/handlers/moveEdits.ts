/**
 * A file move through TypeScript's `getEditsForFileRename` (what VS Code's "update imports on file move"
 * runs): every import, re-export, `import type`, dynamic `import()` and `paths`-mapped specifier of the file
 * is updated, and the moved file's own relative imports are recomputed from its new place. The project is
 * not modified: the edits are applied to copies of the texts it holds.
 */
import type { ts } from 'ts-morph';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import { err, ok, type Result } from '../result';
import { importGraphOf } from '../workspace/importGraph';
import { isSourceFile, relativeInside } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';
import { keepPackageSpecifiers } from './moveSpecifiers';
import { formatSettingsFor, quotePreferenceOf } from './refactorFiles';
import { applyTextChanges } from './tsRefactor';

export interface MovedFile {
  /** The moved file's text at its new path. */
  readonly text: string;
  /** Other files whose text changes (their imports of it), workspace-relative, sorted. */
  readonly importers: ReadonlyArray<{ readonly file: string; readonly after: string }>;
}

/**
 * Moves `from` to `to` in `view` (a workspace as the steps before left it). `extra` are files the project
 * must also hold (texts earlier steps produced, which may import the file).
 */
export function moveFile(
  ws: Workspace,
  view: Workspace,
  move: { from: string; to: string },
  extra: Iterable<string>,
): Result<MovedFile> {
  const importers = (importGraphOf(ws).in.get(move.from) ?? []).map((e) => e.from);
  const held = [move.from, ...importers, ...extra].filter((f) => view.readText(f) !== undefined);
  const project = loadWorkspaceFiles(ws, held);
  const fromAbs = absolutePath(ws.root, move.from);
  const source = project.getSourceFile(fromAbs);
  if (!source) return err(`${move.from} is not in the project`);
  const texts = held.map((f) => view.readText(f) ?? '');
  const edits = project
    .getLanguageService()
    .compilerObject.getEditsForFileRename(
      fromAbs,
      absolutePath(ws.root, move.to),
      formatSettingsFor(source.getFullText()),
      { quotePreference: quotePreferenceOf(texts), allowTextChangesInNewFiles: true },
    );
  const moved = textsAfter(ws.root, project, fromAbs, source.getFullText(), edits);
  if (!moved.ok) return moved;
  // Deep imports by package name through `exports` keep that form (the rename writes an alias or a path).
  const importersAfter = moved.value.importers.map(({ file, after }) => ({
    file,
    after: keepPackageSpecifiers(ws.root, move, view.readText(file) ?? after, after),
  }));
  return ok({ text: moved.value.text, importers: importersAfter });
}

function textsAfter(
  root: string,
  project: ReturnType<typeof loadWorkspaceFiles>,
  fromAbs: string,
  movedText: string,
  edits: readonly ts.FileTextChanges[],
): Result<MovedFile> {
  let text = movedText;
  const importers: Array<{ file: string; after: string }> = [];
  for (const edit of edits) {
    if (edit.fileName === fromAbs) {
      text = applyTextChanges(movedText, edit.textChanges);
      continue;
    }
    const file = relativeInside(root, edit.fileName);
    const sf = project.getSourceFile(edit.fileName);
    if (file === undefined || sf === undefined || sf.isInNodeModules() || !isSourceFile(file)) {
      return err(
        `it would also change ${file ?? edit.fileName}, which is not a source file of the workspace`,
      );
    }
    const before = sf.getFullText();
    const after = applyTextChanges(before, edit.textChanges);
    if (after !== before) importers.push({ file, after });
  }
  importers.sort((a, b) => a.file.localeCompare(b.file));
  return ok({ text, importers });
}
