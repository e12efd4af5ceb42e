/**
 * The 'moveToFile' handler: TypeScript's "Move to file" (or "Move to a new file" when no target is given)
 * moves a top-level declaration to another file, existing or new, and updates every importer.
 */
import path from 'node:path';
import { Node, ts } from 'ts-morph';
import { z } from 'zod';
import { absolutePath } from '../merge/projectFiles';
import { err, ok, type Result } from '../result';
import { isTsFile, plainRelative } from '../workspace/paths';
import type { Handler } from './handler';
import { declaresOnlyTypes, redirectReexports } from './moveReexports';
import { inFiles, refactorHandler, symbolArgs } from './refactorHandler';
import type { StepContext } from './refactorStep';
import { isTopLevel, rangeOf, topLevelStatements } from './refactorTarget';
import type { RefactorChange, RefactorEdits } from './tsRefactor';

const moveArgs = symbolArgs(
  'moveToFile',
  'the top-level declaration to move and the workspace-relative file to move it to ' +
    '(existing or new; leave it out for a new file named after the declaration).',
  { to: z.string().min(1).optional() },
);

type MoveArgs = z.infer<typeof moveArgs.schema>;

export const moveToFileHandler: Handler<'moveToFile', typeof moveArgs> = refactorHandler({
  name: 'moveToFile',
  summary: "TypeScript's move to file (no model)",
  description:
    'moves a top-level declaration (function, class, interface, type, enum, const) to another file, existing or new,\n' +
    '  adding the imports it needs there and updating every importer. One subtask per declaration on the file that\n' +
    '  declares it now, with moveToFile.symbol and moveToFile.to (the same `to` for declarations that go together).',
  args: moveArgs,
  checkArgs(args, file, host) {
    if (args.to === undefined) return undefined;
    const to = targetOf(args.to);
    if (to === undefined) return `moveToFile.to "${args.to}" is not a workspace-relative path`;
    if (!isTsFile(to)) return 'moveToFile.to must be a TypeScript file (.ts, .tsx, .mts, .cts)';
    if (to === file) return `moveToFile.to is ${file} itself, where the declaration already is`;
    const parts = to.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (host.exists(parent)) return `${parent} is a file, so it cannot hold ${to}`;
    }
    return undefined;
  },
  spec: {
    locate(sf, args, file) {
      const name = args.symbol.trim();
      const statements = topLevelStatements(sf, name, file);
      if (!statements.ok) return statements;
      const to = args.to === undefined ? undefined : targetOf(args.to);
      const action = to === undefined ? 'Move to a new file' : 'Move to file';
      const kind = to === undefined ? 'refactor.move.newFile' : 'refactor.move.file';
      return ok({
        refactor: action,
        action,
        kind,
        at: rangeOf(statements.value),
        targetFile: to,
        names: [name],
      });
    },
    finish: finishMove,
  },
  probes: (decl, address) => (isTopLevel(decl) ? [{ symbol: address }] : []),
  notes: (args, changes) => {
    const created = changes.find((c) => c.before === undefined)?.file;
    const to = created ?? (args.to === undefined ? undefined : targetOf(args.to));
    return `moved ${args.symbol.trim()} to ${to ?? 'a new file'}${created ? ' (new)' : ''} ${inFiles(changes)}`;
  },
});

/** A workspace-relative path, normalised; undefined when it leaves the workspace. */
function targetOf(to: string): string | undefined {
  const normal = path.posix.normalize(plainRelative(to));
  return normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal) ? undefined : normal;
}

/**
 * Re-exports of the declaration follow it (`moveReexports.ts`); then the printer's spacing is undone in the
 * file moved to, only whitespace between statements: a blank line between a moved declaration's JSDoc and
 * the declaration (where the source had none), and anything but one blank line above the declaration.
 */
function finishMove(edits: RefactorEdits, args: MoveArgs, step: StepContext): Result<RefactorChange[]> {
  const project = step.view.getProject();
  const sf = project.getSourceFile(absolutePath(step.view.root, step.file));
  const name = args.symbol.trim();
  const statements = sf === undefined ? undefined : topLevelStatements(sf, name, step.file);
  if (sf === undefined || statements?.ok !== true) return ok(edits.changes);
  const given = args.to === undefined ? undefined : targetOf(args.to);
  const to = given ?? edits.changes.find((c) => c.before === undefined)?.file;
  if (to === undefined) return err('TypeScript did not say where it moved the declaration');
  const typeOnly = declaresOnlyTypes(statements.value);
  const changes = redirectReexports(
    step.view,
    project,
    step.graph,
    { from: step.file, to, name, typeOnly },
    edits.changes,
  );
  const text = sf.getFullText();
  // Only comments the source keeps right above the declaration (no blank line between them there).
  const docs = statements.value.flatMap((s) =>
    Node.isJSDocable(s)
      ? s
          .getJsDocs()
          .filter((d) => !BLANK_LINE.test(text.slice(d.getEnd(), s.getStart())))
          .map((d) => d.getText())
      : [],
  );
  return ok(
    changes.map((c) => {
      if (c.file !== to) return c;
      let after = c.after;
      for (const doc of docs) {
        const at = after.indexOf(`${doc}\n\n`);
        if (at >= 0 && (at === 0 || after[at - 1] === '\n')) {
          after = after.slice(0, at + doc.length) + after.slice(at + doc.length + 1);
        }
      }
      after = oneBlankLineBefore(after, name, c.file);
      return after === c.after ? c : { ...c, after };
    }),
  );
}

const BLANK_LINE = /\n[ \t]*\r?\n/;

/**
 * Exactly one blank line between the statement declaring `name` and the one before it, where only
 * whitespace separates them: the printer leaves none after an existing file's last statement, and two
 * after the imports it adds to a new file.
 */
function oneBlankLineBefore(text: string, name: string, file: string): string {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const index = sf.statements.findIndex((s) => declares(s, name));
  const previous = index > 0 ? sf.statements[index - 1] : undefined;
  const moved = sf.statements[index];
  if (previous === undefined || moved === undefined) return text;
  const [start, end] = [previous.getEnd(), moved.getStart(sf, true)];
  const gap = text.slice(start, end);
  const eol = gap.includes('\r\n') ? '\r\n' : '\n';
  if (!/^\s*$/.test(gap) || !gap.includes('\n') || gap === eol + eol) return text;
  return text.slice(0, start) + eol + eol + text.slice(end);
}

function declares(statement: ts.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.some(
      (d) => ts.isIdentifier(d.name) && d.name.text === name,
    );
  }
  const named =
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement);
  const declName = named ? statement.name : undefined;
  return declName !== undefined && ts.isIdentifier(declName) && declName.text === name;
}
