/**
 * One of TypeScript's own refactors through the language service (`getApplicableRefactors`, then
 * `getEditsForRefactor`), turned into whole new file texts. The project is never modified: the edits are
 * applied to copies of the texts it holds.
 */
import type { ts, Project } from 'ts-morph';
import { absolutePath } from '../merge/projectFiles';
import { err, ok, type Result } from '../result';
import { isTsFile, relativeInside } from '../workspace/paths';
import { formatSettingsFor } from './refactorFiles';

/** Which refactor to ask for, and where, in a file the project holds. */
export interface RefactorCall {
  /** Workspace-relative file the refactor starts in. */
  readonly file: string;
  /** A position or a range in that file's current text. */
  readonly at: number | ts.TextRange;
  /** TypeScript's names, as `getApplicableRefactors` lists them ('Convert export', …). */
  readonly refactor: string;
  readonly action: string;
  /** The action's kind ('refactor.move.file', …): the service then computes only refactors of that kind. */
  readonly kind: string;
  /** "Move to file": the workspace-relative file to move to (it may not exist yet). */
  readonly targetFile?: string;
  readonly quotePreference: 'single' | 'double' | 'auto';
}

export interface RefactorChange {
  /** Workspace-relative path. */
  readonly file: string;
  /** The text before, undefined for a file the refactor creates. */
  readonly before: string | undefined;
  readonly after: string;
}

export interface RefactorEdits {
  /** Files whose text changes, sorted by path. */
  changes: RefactorChange[];
  /** Where TypeScript would start an inline rename (the extracted type's placeholder name). */
  renameAt?: { file: string; position: number };
}

/** The refusal when the service offers a refactor but then returns no edits. */
export const NOTHING = 'TypeScript found nothing it could change';

export function preferencesFor(call: Pick<RefactorCall, 'quotePreference'>): ts.UserPreferences {
  return {
    allowTextChangesInNewFiles: true,
    provideRefactorNotApplicableReason: true,
    quotePreference: call.quotePreference,
    importModuleSpecifierPreference: 'relative',
  };
}

/**
 * Whether TypeScript offers the action there: undefined when it does, else why not — its own reason when
 * it gives one, else ''.
 */
export function unavailableReason(project: Project, root: string, call: RefactorCall): string | undefined {
  const ls = project.getLanguageService().compilerObject;
  const abs = absolutePath(root, call.file);
  const offered = ls
    .getApplicableRefactors(abs, call.at, preferencesFor(call), 'invoked', call.kind, true)
    .filter((r) => r.name === call.refactor)
    .flatMap((r) => r.actions)
    .filter((a) => a.name === call.action);
  if (offered.some((a) => a.notApplicableReason === undefined)) return undefined;
  const why = offered.find((a) => a.notApplicableReason !== undefined)?.notApplicableReason;
  return why ?? '';
}

/** Runs the refactor on the project's current texts; refuses edits outside the workspace's TypeScript files. */
export function refactorEdits(project: Project, root: string, call: RefactorCall): Result<RefactorEdits> {
  const ls = project.getLanguageService().compilerObject;
  const abs = absolutePath(root, call.file);
  const sf = project.getSourceFile(abs);
  if (sf === undefined)
    return err(`${call.file} is not a source file the workspace lists (TypeScript or JavaScript)`);
  const interactive =
    call.targetFile === undefined ? undefined : { targetFile: absolutePath(root, call.targetFile) };
  let info: ts.RefactorEditInfo | undefined;
  try {
    info = ls.getEditsForRefactor(
      abs,
      formatSettingsFor(sf.getFullText()),
      call.at,
      call.refactor,
      call.action,
      preferencesFor(call),
      interactive,
    );
  } catch (e) {
    // The service asserts rather than returns when it cannot do the refactor after all.
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return err(`TypeScript could not do it: ${message}`);
  }
  const byFile = new Map<string, { isNew: boolean; changes: ts.TextChange[] }>();
  for (const edit of info?.edits ?? []) {
    const entry = byFile.get(edit.fileName) ?? { isNew: edit.isNewFile === true, changes: [] };
    entry.changes.push(...edit.textChanges);
    byFile.set(edit.fileName, entry);
  }
  if (byFile.size === 0) return err(NOTHING);
  const changes: RefactorChange[] = [];
  for (const [fileName, edit] of byFile) {
    const file = relativeInside(root, fileName);
    const held = project.getSourceFile(fileName);
    if (file === undefined || held?.isInNodeModules() === true || !isTsFile(file)) {
      return err(
        `it would also change ${file ?? fileName}, which is not a source file the workspace lists (TypeScript or JavaScript)`,
      );
    }
    if (!edit.isNew && held === undefined)
      return err(`it would change ${file}, which the project does not hold`);
    const before = edit.isNew ? undefined : held?.getFullText();
    const after = applyTextChanges(before ?? '', edit.changes);
    if (after !== before) changes.push({ file, before, after });
  }
  changes.sort((a, b) => a.file.localeCompare(b.file));
  const renameFile = info?.renameFilename;
  const renameAt =
    renameFile !== undefined && info?.renameLocation !== undefined
      ? { file: relativeInside(root, renameFile) ?? renameFile, position: info.renameLocation }
      : undefined;
  return ok(renameAt === undefined ? { changes } : { changes, renameAt });
}

/**
 * Applies the service's text changes (spans in the original text, in order) from the end backwards, as
 * TypeScript does: of two insertions at one position, the later one is applied first, so the first stays first.
 */
export function applyTextChanges(text: string, changes: readonly ts.TextChange[]): string {
  let out = text;
  const ordered = changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.span.start - a.c.span.start || b.i - a.i);
  for (const { c } of ordered)
    out = out.slice(0, c.span.start) + c.newText + out.slice(c.span.start + c.span.length);
  return out;
}
