/**
 * The deterministic 'rename' handler: renames a symbol through the TypeScript language service (no model).
 * Rename locations are turned into text edits on copies of the file texts, so the shared ts-morph
 * project is never modified and stays at baseline for later queries.
 */
import { Node, SymbolFlags, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import type { FileChange } from '../stageTypes';
import { err, ok, type Result } from '../result';
import type { Workspace } from '../workspace/workspace';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import { relativeInside } from '../workspace/paths';
import { filesMentioning } from '../facts/prefilter';
import { applyTextEdits, renameEdits } from './renameEdits';
import { requirerEdits } from './renameLocations';
import { findDeclarationName } from './renameTarget';

export interface RenameArgs {
  /** Workspace-relative file that declares (or imports) the symbol. */
  file: string;
  /** Current name; `Container.member` for a class, interface or enum member. */
  from: string;
  to: string;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await'
  ).split(' '),
);

export function renameSymbol(ws: Workspace, args: RenameArgs): Result<FileChange[]> {
  const fail = (error: string): Result<FileChange[]> => err(`rename ${args.from} → ${args.to}: ${error}`);
  const file = ws.resolveInside(args.file);
  if (file === undefined) return fail(`${args.file} is outside the workspace`);
  const badName = invalidIdentifier(args.to);
  if (badName) return fail(badName);
  const from = args.from.trim();
  if (from.split('.').pop() === args.to) return fail('the new name is the same as the old one');

  // Only files that spell either name can hold a reference to rename or a declaration that collides.
  const all = ws.listFiles();
  const plainFrom = from.split('.').pop() ?? from;
  const mentioning = filesMentioning(ws, all, plainFrom);
  const project = loadWorkspaceFiles(ws, [file, ...mentioning, ...filesMentioning(ws, all, args.to)]);
  const sf = project.getSourceFile(absolutePath(ws.root, file));
  if (!sf) return fail(`${file} is not a source file the workspace lists (TypeScript or JavaScript)`);
  const found = findDeclarationName(sf, from, file);
  if (!found.ok) return fail(found.error);
  const target = found.value;

  const declFile = target.getSourceFile();
  const declRel = relativeInside(ws.root, declFile.getFilePath());
  if (declRel === undefined || declFile.isInNodeModules() || declFile.isFromExternalLibrary()) {
    return fail(
      `\`${from}\` is declared outside the workspace (${declFile.getFilePath()}); it cannot be renamed`,
    );
  }
  const info = project
    .getLanguageService()
    .compilerObject.getRenameInfo(declFile.getFilePath(), target.getStart(), {
      allowRenameOfImportPath: false,
    });
  if (!info.canRename) return fail(info.localizedErrorMessage);

  const documented = mentioning
    .map((f) => project.getSourceFile(absolutePath(ws.root, f)))
    .filter((f): f is SourceFile => f !== undefined);
  const renamed = renameEdits(ws.root, target, args.to, documented);
  if (!renamed.ok) return fail(renamed.error);
  const edits = renamed.value;
  // JavaScript requirers that TypeScript's rename does not reach from the declaration.
  for (const extra of requirerEdits(ws, target, args.to)) {
    const fileEdits = edits.byFile.get(extra.file) ?? [];
    if (fileEdits.some((e) => e.start === extra.edit.start)) continue;
    edits.byFile.set(extra.file, [...fileEdits, extra.edit]);
    if (extra.node !== undefined && !extra.edit.text.includes(':')) edits.bindings.push(extra.node);
  }
  const collision = findCollision(target, edits.bindings, args.to);
  if (collision) return fail(collision);
  const changes: FileChange[] = [];
  for (const [rel, fileEdits] of [...edits.byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const before = project.getSourceFileOrThrow(absolutePath(ws.root, rel)).getFullText();
    const after = applyTextEdits(before, fileEdits);
    if (after !== before)
      changes.push({ file: rel, before, after, beforeHash: ws.hashOf(rel), isNew: false });
  }
  return ok(changes);
}

function invalidIdentifier(name: string): string | undefined {
  const chars = [...name];
  const valid =
    chars.length > 0 &&
    ts.isIdentifierStart(chars[0]!.codePointAt(0)!, ts.ScriptTarget.Latest) &&
    chars.every((c) => ts.isIdentifierPart(c.codePointAt(0)!, ts.ScriptTarget.Latest));
  if (!valid) return `"${name}" is not a valid TypeScript identifier`;
  if (RESERVED.has(name)) return `"${name}" is a reserved word`;
  return undefined;
}

/**
 * Refuses a new name that is already taken where the symbol is visible: another declaration in the same
 * scope or in an importing file's scope, a member of the same type, or another export of the module.
 */
function findCollision(target: Node, references: Node[], to: string): string | undefined {
  const decl = target.getParent();
  const owner = decl?.getParent();
  if (decl && owner && (Node.isClassDeclaration(owner) || Node.isInterfaceDeclaration(owner))) {
    if (owner.getType().getProperty(to))
      return `${owner.getName() ?? 'the type'} already has a member \`${to}\``;
    return undefined;
  }
  if (decl && owner && Node.isTypeLiteral(owner)) {
    const alias = owner.getParent();
    const name = alias && Node.isTypeAliasDeclaration(alias) ? alias.getName() : 'the type';
    return owner.getType().getProperty(to) ? `${name} already has a member \`${to}\`` : undefined;
  }
  const from = target.getText();
  const exported = target.getSourceFile().getExportSymbols();
  if (exported.some((s) => s.getName() === from) && exported.some((s) => s.getName() === to)) {
    return `${target.getSourceFile().getBaseName()} already exports \`${to}\``;
  }
  const meaning = SymbolFlags.Value | SymbolFlags.Type | SymbolFlags.Namespace | SymbolFlags.Alias;
  for (const ref of references) {
    const inScope = ref.getSymbolsInScope(meaning);
    // Only where the old name is itself a binding in scope (not `x.foo`, not `import { foo as f }`).
    if (!inScope.some((s) => s.getName() === from)) continue;
    const clash = inScope.find((s) => s.getName() === to);
    if (!clash) continue;
    const where = clash.getDeclarations()[0];
    const fromLib =
      !where || where.getSourceFile().isInNodeModules() || where.getSourceFile().isFromExternalLibrary();
    const sf = ref.getSourceFile();
    if (fromLib && !sf.getDescendantsOfKind(SyntaxKind.Identifier).some((i) => i.getText() === to)) continue;
    const line = where && !fromLib ? `:${where.getStartLineNumber()}` : '';
    const at = where && !fromLib ? `${where.getSourceFile().getBaseName()}${line}` : 'a global';
    return `\`${to}\` is already declared in scope in ${sf.getBaseName()} (${at}); choose another name`;
  }
  return undefined;
}
