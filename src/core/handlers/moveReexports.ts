/**
 * TypeScript's "Move to file" rewrites the imports of a moved declaration but not its re-exports
 * (`export { fetchJson } from './net'`, `export * from './net'`), so a barrel would lose it. This points
 * them at the new file: the name leaves the old `export … from` (the statement goes when it was the last
 * name) and `export { fetchJson } from './http'` follows it. `export * as ns from` is left as it is (the
 * type check then refuses the move).
 */
import path from 'node:path';
import { Node, ts, type Project } from 'ts-morph';
import { absolutePath } from '../merge/projectFiles';
import type { ImportGraph } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';
import type { RefactorChange } from './tsRefactor';

export interface MovedDeclaration {
  /** Workspace-relative files it moved from and to. */
  readonly from: string;
  readonly to: string;
  readonly name: string;
  /** An interface or type alias: re-exported with `export type` (required under isolatedModules). */
  readonly typeOnly: boolean;
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function redirectReexports(
  view: Workspace,
  project: Project,
  graph: ImportGraph,
  moved: MovedDeclaration,
  changes: readonly RefactorChange[],
): RefactorChange[] {
  const out = [...changes];
  const from = absolutePath(view.root, moved.from);
  const reexporters = (graph.in.get(moved.from) ?? [])
    .filter((e) => e.kind === 'export-from' || e.kind === 'export-star')
    .map((e) => e.from);
  for (const file of new Set(reexporters)) {
    // Which specifiers of the re-exporting file mean the old file, as the project resolves them.
    const sf = project.getSourceFile(absolutePath(view.root, file));
    const specifiers = new Set(
      (sf?.getExportDeclarations() ?? [])
        .filter((d) => d.getModuleSpecifierSourceFile()?.getFilePath() === from)
        .map((d) => d.getModuleSpecifierValue() ?? ''),
    );
    const index = out.findIndex((c) => c.file === file);
    const current = index >= 0 ? out[index] : undefined;
    const before = current?.before ?? view.readText(file);
    const text = current?.after ?? before;
    if (before === undefined || text === undefined || specifiers.size === 0) continue;
    const after = applyEdits(text, reexportEdits(file, text, specifiers, moved));
    if (after === text) continue;
    const change = { file, before, after };
    if (index >= 0) out[index] = change;
    else out.push(change);
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

function reexportEdits(
  file: string,
  text: string,
  specifiers: Set<string>,
  moved: MovedDeclaration,
): TextEdit[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edits: TextEdit[] = [];
  for (const decl of sf.statements) {
    const spec = ts.isExportDeclaration(decl) ? decl.moduleSpecifier : undefined;
    if (!ts.isExportDeclaration(decl) || spec === undefined || !ts.isStringLiteral(spec)) continue;
    if (!specifiers.has(spec.text)) continue;
    const quote = text.charAt(spec.getStart(sf));
    const target = `${quote}${specifierFor(file, moved.to, spec.text)}${quote}`;
    const clause = decl.exportClause;
    if (clause === undefined) {
      // `export *` re-exported it along with the rest of the old file: name it from the new one.
      const keyword = moved.typeOnly ? 'export type' : 'export';
      edits.push({
        start: decl.getEnd(),
        end: decl.getEnd(),
        text: `\n${keyword} { ${moved.name} } from ${target};`,
      });
      continue;
    }
    if (!ts.isNamedExports(clause)) continue;
    const named = (e: ts.ExportSpecifier): boolean => (e.propertyName ?? e.name).getText(sf) === moved.name;
    const leaving = clause.elements.filter(named).map((e) => e.getText(sf));
    if (leaving.length === 0) continue;
    const staying = clause.elements.filter((e) => !named(e)).map((e) => e.getText(sf));
    const typeOnly = decl.isTypeOnly || (moved.typeOnly && leaving.every((e) => !e.startsWith('type ')));
    const redirected = `export ${typeOnly ? 'type ' : ''}{ ${leaving.join(', ')} } from ${target};`;
    if (staying.length === 0) {
      edits.push({ start: decl.getStart(sf), end: decl.getEnd(), text: redirected });
    } else {
      edits.push({ start: clause.getStart(sf), end: clause.getEnd(), text: `{ ${staying.join(', ')} }` });
      edits.push({ start: decl.getEnd(), end: decl.getEnd(), text: `\n${redirected}` });
    }
  }
  return edits;
}

/** `./http` from `src/index.ts` to `src/http.ts`, keeping the old specifier's `.js`/`.ts` ending if it had one. */
function specifierFor(fromFile: string, toFile: string, old: string): string {
  const ending = /\.(js|ts|mjs|mts|cjs|cts)$/.exec(old)?.[0] ?? '';
  const bare = toFile.replace(/\.(d\.)?[cm]?tsx?$/, '');
  const rel = path.posix.relative(path.posix.dirname(fromFile), bare);
  return `${rel.startsWith('.') ? rel : `./${rel}`}${ending}`;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Whether the statements moved declare only a type (an interface or a type alias). */
export function declaresOnlyTypes(statements: readonly Node[]): boolean {
  return statements.every((s) => Node.isInterfaceDeclaration(s) || Node.isTypeAliasDeclaration(s));
}
