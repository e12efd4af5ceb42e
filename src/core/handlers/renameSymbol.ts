/**
 * The deterministic 'rename' handler: renames a symbol through the TypeScript language service (no model).
 * Rename locations are turned into text edits on copies of the file texts, so the shared ts-morph
 * project is never modified and stays at baseline for later queries.
 */
import {
  Node,
  SymbolFlags,
  SyntaxKind,
  ts,
  type Identifier,
  type SourceFile,
  type Symbol as TsSymbol,
} from 'ts-morph';
import type { FileChange } from '../runTypes';
import type { Workspace } from '../workspace/workspace';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import { relativeInside } from '../workspace/paths';
import { isRequireBindingElement } from '../facts/commonJs';
import { renameLocations } from './renameLocations';
import { filesMentioning } from '../facts/prefilter';

export interface RenameArgs {
  /** Workspace-relative file that declares (or imports) the symbol. */
  file: string;
  /** Current name; `Container.member` for a class, interface or enum member. */
  from: string;
  to: string;
}

export type RenameResult = { ok: true; changes: FileChange[] } | { ok: false; error: string };

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await'
  ).split(' '),
);

export function renameSymbol(ws: Workspace, args: RenameArgs): RenameResult {
  const fail = (error: string): RenameResult => ({
    ok: false,
    error: `rename ${args.from} → ${args.to}: ${error}`,
  });
  const file = ws.resolveInside(args.file);
  if (file === undefined) return fail(`${args.file} is outside the workspace`);
  const badName = invalidIdentifier(args.to);
  if (badName) return fail(badName);
  const from = args.from.trim();
  if (from.split('.').pop() === args.to) return fail('the new name is the same as the old one');

  // Only files that spell either name can hold a reference to rename or a declaration that collides.
  const all = ws.listFiles();
  const plainFrom = from.split('.').pop() ?? from;
  const project = loadWorkspaceFiles(ws, [
    file,
    ...filesMentioning(ws, all, plainFrom),
    ...filesMentioning(ws, all, args.to),
  ]);
  const sf = project.getSourceFile(absolutePath(ws.root, file));
  if (!sf) return fail(`${file} is not a TypeScript file of the workspace`);
  const found = findDeclarationName(sf, from, file);
  if ('error' in found) return fail(found.error);
  const target = found.name;

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

  const edits = renameEdits(ws, target, args.to);
  if ('error' in edits) return fail(edits.error);
  const collision = findCollision(target, edits.nodes, args.to);
  if (collision) return fail(collision);
  const changes: FileChange[] = [];
  for (const [rel, fileEdits] of [...edits.byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const before = project.getSourceFileOrThrow(absolutePath(ws.root, rel)).getFullText();
    const after = applyTextEdits(before, fileEdits);
    if (after !== before)
      changes.push({ file: rel, before, after, beforeHash: ws.hashOf(rel), isNew: false });
  }
  return { ok: true, changes };
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

/** The name node to rename: a top-level declaration first, then a unique nested one, then `A.b` members. */
function findDeclarationName(sf: SourceFile, from: string, file: string): { name: Node } | { error: string } {
  if (from.includes('.')) return findMember(sf, from, file);
  const symbols = new Map<ts.Symbol, Node>();
  for (const id of sf.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id.getText() !== from) continue;
    const decl = declarationNamedBy(id);
    if (decl && !symbols.has(decl.symbol.compilerSymbol)) symbols.set(decl.symbol.compilerSymbol, id);
  }
  const all = [...symbols.values()];
  const topLevel = all.filter(isTopLevelName);
  const candidates = topLevel.length > 0 ? topLevel : all;
  if (candidates.length === 0) {
    const names = [...sf.getExportedDeclarations().keys()].sort().slice(0, 12);
    return {
      error: `\`${from}\` is not declared in ${file}${names.length ? ` (it exports: ${names.join(', ')})` : ''}`,
    };
  }
  if (candidates.length > 1) {
    const lines = candidates.map((n) => n.getStartLineNumber()).join(', ');
    return {
      error: `\`${from}\` is declared ${candidates.length} times in ${file} (lines ${lines}); name it as Container.member`,
    };
  }
  return { name: followImport(candidates[0]!) };
}

function findMember(sf: SourceFile, from: string, file: string): { name: Node } | { error: string } {
  const dot = from.indexOf('.');
  const [containerName, memberName] = [from.slice(0, dot), from.slice(dot + 1)];
  const container = findDeclarationName(sf, containerName, file);
  if ('error' in container) return container;
  const member = membersOf(container.name.getParent()).find((m) => nameNodeOf(m)?.getText() === memberName);
  const name = member && nameNodeOf(member);
  if (!name) return { error: `\`${containerName}\` in ${file} has no member \`${memberName}\`` };
  return { name };
}

function membersOf(decl: Node | undefined): Node[] {
  if (!decl) return [];
  if (Node.isClassDeclaration(decl) || Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl)) {
    return decl.getMembers();
  }
  const literal = Node.isTypeAliasDeclaration(decl) ? decl.getTypeNode() : undefined;
  return literal && Node.isTypeLiteral(literal) ? literal.getMembers() : [];
}

function nameNodeOf(decl: Node): Node | undefined {
  const name = ts.getNameOfDeclaration(decl.compilerNode as ts.Declaration);
  return name
    ? decl.getSourceFile().getDescendantAtPos(name.getStart(decl.getSourceFile().compilerNode))
    : undefined;
}

/** When `id` names a declaration: that declaration's symbol. */
function declarationNamedBy(id: Identifier): { symbol: TsSymbol } | undefined {
  const symbol = id.getSymbol();
  const named = symbol
    ?.getDeclarations()
    .some((d) => ts.getNameOfDeclaration(d.compilerNode as ts.Declaration) === id.compilerNode);
  return symbol && named ? { symbol } : undefined;
}

function isTopLevelName(name: Node): boolean {
  let p = name.getParent()?.getParent();
  while (p && (Node.isVariableDeclarationList(p) || Node.isVariableStatement(p) || isImportPart(p)))
    p = p.getParent();
  return p !== undefined && Node.isSourceFile(p);
}

function isImportPart(n: Node): boolean {
  return Node.isNamedImports(n) || Node.isImportClause(n) || Node.isImportDeclaration(n);
}

/** `import { foo }` names another file's declaration: rename it there (an alias `as f` stays local). */
function followImport(name: Node): Node {
  const spec = name.getParent();
  if (!spec || !Node.isImportSpecifier(spec) || spec.getAliasNode()) return name;
  const decl = name.getSymbol()?.getAliasedSymbol()?.getDeclarations()[0];
  return (decl && nameNodeOf(decl)) ?? name;
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

/**
 * Text edits per file. Shorthand properties and destructuring keep their shape (`{ foo }` → `{ foo: bar }`),
 * while imports and re-exports take the new name so it propagates to every importer.
 */
function renameEdits(
  ws: Workspace,
  target: Node,
  to: string,
): { byFile: Map<string, TextEdit[]>; nodes: Node[] } | { error: string } {
  const { plain, shaped } = renameLocations(ws, target);
  const byFile = new Map<string, TextEdit[]>();
  const nodes: Node[] = [];
  for (const loc of plain) {
    const sf = loc.getSourceFile();
    const rel = relativeInside(ws.root, sf.getFilePath());
    if (rel === undefined || sf.isInNodeModules()) {
      return {
        error: `it is also referenced outside the workspace (${sf.getFilePath()}); rename it by hand`,
      };
    }
    const start = loc.getTextSpan().getStart();
    const end = loc.getTextSpan().getEnd();
    const node = sf.getDescendantAtPos(start);
    if (node) nodes.push(node);
    const parent = node?.getParent();
    const keepName =
      parent &&
      !Node.isImportSpecifier(parent) &&
      !Node.isExportSpecifier(parent) &&
      !isRequireBindingElement(parent.compilerNode);
    const shape = keepName
      ? (shaped.get(`${sf.getFilePath()}:${start}`) ?? shorthandShape(parent, target))
      : undefined;
    const text = (shape?.prefix ?? '') + to + (shape?.suffix ?? '');
    byFile.set(rel, [...(byFile.get(rel) ?? []), { start, end, text }]);
  }
  return { byFile, nodes };
}

/**
 * Past a re-export the service gives no prefix/suffix, so shorthands there are shaped here: renaming a
 * property keeps the local (`{ to: from }`), renaming a value keeps the property (`{ from: to }`).
 */
function shorthandShape(parent: Node, target: Node): { prefix: string; suffix: string } | undefined {
  const shorthand =
    Node.isShorthandPropertyAssignment(parent) ||
    (Node.isBindingElement(parent) && !parent.getPropertyNameNode());
  if (!shorthand) return undefined;
  const from = target.getText();
  const decl = target.getParent();
  const isProperty =
    decl !== undefined &&
    (Node.isPropertySignature(decl) ||
      Node.isPropertyDeclaration(decl) ||
      Node.isPropertyAssignment(decl) ||
      Node.isMethodDeclaration(decl) ||
      Node.isMethodSignature(decl));
  return isProperty ? { prefix: '', suffix: `: ${from}` } : { prefix: `${from}: `, suffix: '' };
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
