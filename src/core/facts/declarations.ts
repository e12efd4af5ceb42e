/** Syntactic view of seed declarations: find them in a parsed file and describe them as SymbolFacts. */
import { ts } from 'ts-morph';
import {
  commonJsBodyStart,
  commonJsExports,
  commonJsKind,
  commonJsStatement,
  isCommonJsDeclaration,
  isJavaScript,
  isRequireBinding,
} from './commonJs';
import { declarationRegExp } from './prefilter';
import type { SymbolFact } from './types';

export type NamedDeclaration = ts.NamedDeclaration & { name: ts.Identifier };

/** The deepest node whose span (without leading trivia) contains `pos`; node lists are binary-searched. */
export function nodeAt(sf: ts.SourceFile, pos: number): ts.Node {
  const contains = (c: ts.Node): boolean => c.getStart(sf) <= pos && pos < c.getEnd();
  const inList = (list: ts.NodeArray<ts.Node>): ts.Node | undefined => {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = list[mid] as ts.Node;
      if (c.getEnd() <= pos) lo = mid + 1;
      else if (c.getStart(sf) > pos) hi = mid - 1;
      else return c;
    }
    return undefined;
  };
  let node: ts.Node = sf;
  for (;;) {
    const child = ts.forEachChild(node, (c) => (contains(c) ? c : undefined), inList);
    if (child === undefined) return node;
    node = child;
  }
}

function isModuleLevel(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isModuleBlock(node);
}

const KINDS: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.ClassDeclaration]: 'class',
  [ts.SyntaxKind.InterfaceDeclaration]: 'interface',
  [ts.SyntaxKind.TypeAliasDeclaration]: 'type',
  [ts.SyntaxKind.FunctionDeclaration]: 'function',
  [ts.SyntaxKind.EnumDeclaration]: 'enum',
  [ts.SyntaxKind.ModuleDeclaration]: 'namespace',
  [ts.SyntaxKind.VariableDeclaration]: 'variable',
  [ts.SyntaxKind.MethodDeclaration]: 'method',
  [ts.SyntaxKind.MethodSignature]: 'method',
  [ts.SyntaxKind.PropertyDeclaration]: 'property',
  [ts.SyntaxKind.PropertySignature]: 'property',
  [ts.SyntaxKind.GetAccessor]: 'accessor',
  [ts.SyntaxKind.SetAccessor]: 'accessor',
  [ts.SyntaxKind.EnumMember]: 'enum-member',
};

export function declarationKind(decl: ts.Node): string {
  if (isCommonJsDeclaration(decl)) return commonJsKind(decl);
  return KINDS[decl.kind] ?? ts.SyntaxKind[decl.kind];
}

/**
 * Module-level declarations and members of classes, interfaces and type literals (not locals); in
 * JavaScript also CommonJS exports (`exports.X = …`, `module.exports = { X: … }`), but not `require()`s.
 */
function isSeedDeclaration(decl: ts.Node): boolean {
  if (isCommonJsDeclaration(decl)) return true;
  const kind = KINDS[decl.kind];
  if (kind === undefined) return false;
  if (ts.isVariableDeclaration(decl)) {
    const statement = decl.parent.parent;
    if (isJavaScript(decl.getSourceFile()) && isRequireBinding(decl)) return false;
    return ts.isVariableStatement(statement) && isModuleLevel(statement.parent);
  }
  if (['method', 'property', 'accessor'].includes(kind)) {
    const owner = decl.parent;
    return ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner) || ts.isTypeLiteralNode(owner);
  }
  if (kind === 'enum-member') return true;
  return isModuleLevel(decl.parent);
}

/** Declarations of `name` in a parsed file: likely spellings by regex, each checked on the AST (no type checker). */
export function findDeclarations(sf: ts.SourceFile, name: string): NamedDeclaration[] {
  const found: NamedDeclaration[] = [];
  for (const m of sf.text.matchAll(declarationRegExp(name, 'gm', isJavaScript(sf)))) {
    const node = nodeAt(sf, m.index + m[0].lastIndexOf(name));
    const parent = node.parent as ts.Node | undefined;
    if (!ts.isIdentifier(node) || parent === undefined) continue;
    if ((parent as ts.NamedDeclaration).name !== node || !isSeedDeclaration(parent)) continue;
    if (!found.includes(parent as NamedDeclaration)) found.push(parent as NamedDeclaration);
  }
  return found;
}

/** The statement-level node carrying modifiers (a variable's VariableStatement, a CommonJS export's statement). */
function outerDeclaration(decl: ts.Node): ts.Node {
  if (isCommonJsDeclaration(decl)) return commonJsStatement(decl);
  return ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Exported from its module: an `export` modifier, `export { X }` or `export default X`; members follow their owner. */
export function isExported(decl: NamedDeclaration): boolean {
  if (isCommonJsDeclaration(decl)) return true;
  const kind = declarationKind(decl);
  if (['method', 'property', 'accessor', 'enum-member'].includes(kind)) {
    const owner = ts.isTypeLiteralNode(decl.parent) ? decl.parent.parent : decl.parent;
    const ownerName = (owner as ts.NamedDeclaration).name;
    return ownerName !== undefined && ts.isIdentifier(ownerName) && isExported(owner as NamedDeclaration);
  }
  if (hasModifier(outerDeclaration(decl), ts.SyntaxKind.ExportKeyword)) return true;
  return exportNamesOf(decl.getSourceFile(), decl.name.text).exported;
}

/** Whether the module's default export is this declaration. */
export function isDefaultExport(decl: NamedDeclaration): boolean {
  if (hasModifier(outerDeclaration(decl), ts.SyntaxKind.DefaultKeyword)) return true;
  return exportNamesOf(decl.getSourceFile(), decl.name.text).asDefault;
}

function exportNamesOf(sf: ts.SourceFile, local: string): { exported: boolean; asDefault: boolean } {
  let exported = false;
  let asDefault = false;
  for (const statement of sf.statements) {
    if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      if (statement.expression.text === local) exported = asDefault = true;
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier) {
      const clause = statement.exportClause;
      if (clause === undefined || !ts.isNamedExports(clause)) continue;
      for (const el of clause.elements) {
        if ((el.propertyName ?? el.name).getText(sf) !== local) continue;
        exported = true;
        if (el.name.getText(sf) === 'default') asDefault = true;
      }
    }
  }
  if (!exported && isJavaScript(sf)) {
    for (const e of commonJsExports(sf)) {
      if (e.local !== local) continue;
      exported = true;
      asDefault ||= e.asDefault;
    }
  }
  return { exported, asDefault };
}

const MAX_SIGNATURE = 200;

/** The declaration's header: text up to its body's `{` (or the statement), first lines, ≤ 200 chars. */
export function signatureOf(decl: NamedDeclaration): string {
  const sf = decl.getSourceFile();
  const outer = outerDeclaration(decl);
  const start = outer.getStart(sf);
  let end = outer.getEnd();
  const body = bodyStart(decl);
  if (body !== undefined) end = body + 1;
  const lines = sf.text
    .slice(start, end)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 3);
  const text = lines.join(' ').replace(/\s+/g, ' ');
  return text.length > MAX_SIGNATURE ? `${text.slice(0, MAX_SIGNATURE - 1)}…` : text;
}

function bodyStart(decl: ts.Node): number | undefined {
  if (isCommonJsDeclaration(decl)) return commonJsBodyStart(decl);
  const sf = decl.getSourceFile();
  if (ts.isFunctionLike(decl) && 'body' in decl && decl.body !== undefined) {
    return (decl.body as ts.Node).getStart(sf);
  }
  if (ts.isClassLike(decl) || ts.isInterfaceDeclaration(decl) || ts.isEnumDeclaration(decl)) {
    // The member list starts right after the body's `{` (generic arguments may hold braces too).
    return decl.members.pos - 1;
  }
  if (ts.isModuleDeclaration(decl) && decl.body !== undefined) return decl.body.getStart(sf);
  return undefined;
}

export function symbolFact(decl: NamedDeclaration, file: string): SymbolFact {
  const sf = decl.getSourceFile();
  return {
    name: decl.name.text,
    kind: declarationKind(decl),
    file,
    line: sf.getLineAndCharacterOfPosition(decl.name.getStart(sf)).line + 1,
    exported: isExported(decl),
    signature: signatureOf(decl),
  };
}
