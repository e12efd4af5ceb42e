/** Finds the declaration a rename starts from: by name in the file the plan names, or `Container.member`. */
import { Node, SyntaxKind, ts, type Identifier, type SourceFile, type Symbol as TsSymbol } from 'ts-morph';
import { err, ok, type Result } from '../result';

/** The name node to rename: a top-level declaration first, then a unique nested one, then `A.b` members. */
export function findDeclarationName(sf: SourceFile, from: string, file: string): Result<Node> {
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
    return err(
      `\`${from}\` is not declared in ${file}${names.length ? ` (it exports: ${names.join(', ')})` : ''}`,
    );
  }
  if (candidates.length > 1) {
    const lines = candidates.map((n) => n.getStartLineNumber()).join(', ');
    return err(
      `\`${from}\` is declared ${candidates.length} times in ${file} (lines ${lines}); name it as Container.member`,
    );
  }
  return ok(followImport(candidates[0]!));
}

function findMember(sf: SourceFile, from: string, file: string): Result<Node> {
  const dot = from.indexOf('.');
  const [containerName, memberName] = [from.slice(0, dot), from.slice(dot + 1)];
  const container = findDeclarationName(sf, containerName, file);
  if (!container.ok) return container;
  const member = membersOf(container.value.getParent()).find((m) => nameNodeOf(m)?.getText() === memberName);
  const name = member && nameNodeOf(member);
  if (!name) return err(`\`${containerName}\` in ${file} has no member \`${memberName}\``);
  return ok(name);
}

function membersOf(decl: Node | undefined): Node[] {
  if (!decl) return [];
  if (Node.isClassDeclaration(decl) || Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl)) {
    return decl.getMembers();
  }
  const literal = Node.isTypeAliasDeclaration(decl) ? decl.getTypeNode() : undefined;
  return literal && Node.isTypeLiteral(literal) ? literal.getMembers() : [];
}

export function nameNodeOf(decl: Node): Node | undefined {
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
