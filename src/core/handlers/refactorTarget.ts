/**
 * Finds what a refactor step names, by name rather than by text range: the top-level statements declaring
 * a symbol, a function-like (`f`, `const f = () => …`, `Owner.method`), or the inline type a declaration is
 * annotated with (`cfg`, `f.param`, `Owner.property`, a function's return type). And the other way round:
 * how a declaration the facts name is addressed (`Owner.member`).
 */
import { Node, type SourceFile, type Statement, type TypeNode } from 'ts-morph';
import { err, ok, type Result } from '../result';

export type FunctionTarget = Node & {
  getParameters(): Node[];
  getNameNode?(): Node | undefined;
};

/** One or more statements, in order. */
export type Statements = [Statement, ...Statement[]];

/** The statements declaring `name` at the top level of `sf` (several for overloads or merged declarations). */
export function topLevelStatements(sf: SourceFile, name: string, file: string): Result<Statements> {
  const found: Statement[] = [];
  for (const statement of sf.getStatements()) {
    const names = statementNames(statement);
    if (!names.includes(name)) continue;
    if (names.length > 1) {
      const others = names.filter((n) => n !== name).map((n) => `\`${n}\``);
      return err(`\`${name}\` is declared in one statement with ${others.join(', ')} in ${file}`);
    }
    found.push(statement);
  }
  const [first, ...rest] = found;
  return first === undefined ? err(notDeclared(sf, name, file)) : ok([first, ...rest]);
}

/** From the first statement's start (after its comments) to the last one's end. */
export function rangeOf(statements: Statements): { pos: number; end: number } {
  const last = statements[statements.length - 1] ?? statements[0];
  return { pos: statements[0].getStart(), end: last.getEnd() };
}

/** A path `name` or `Owner.member`: the statements declaring `name` at the top level, and its declaration there. */
interface NamedPath {
  head: string;
  member: string | undefined;
  statements: Statements;
  decl: Node | undefined;
}

function resolvePath(sf: SourceFile, path: string, file: string): Result<NamedPath> {
  const [head, member, ...rest] = path.split('.');
  if (head === undefined || head === '' || rest.length > 0)
    return err(`\`${path}\` is not a name or Owner.member`);
  const statements = topLevelStatements(sf, head, file);
  if (!statements.ok) return statements;
  return ok({ head, member, statements: statements.value, decl: declarationIn(statements.value, head) });
}

/** `f` (a function, or a variable whose initializer is an arrow function or function expression) or `Owner.method`. */
export function functionNamed(sf: SourceFile, path: string, file: string): Result<FunctionTarget> {
  const resolved = resolvePath(sf, path, file);
  if (!resolved.ok) return resolved;
  const { head, member, statements, decl } = resolved.value;
  if (member !== undefined) {
    const owner = decl !== undefined && Node.isClassDeclaration(decl) ? decl : undefined;
    if (owner === undefined) return err(`\`${head}\` in ${file} is not a class`);
    const found =
      member === 'constructor'
        ? owner.getConstructors().find((c) => c.getBody() !== undefined)
        : owner.getMethods().find((m) => m.getName() === member && m.getBody() !== undefined);
    if (found === undefined)
      return err(`class \`${head}\` in ${file} has no method \`${member}\` with a body`);
    return ok(found);
  }
  if (decl !== undefined && Node.isFunctionDeclaration(decl)) {
    const impl = statements.find((s) => Node.isFunctionDeclaration(s) && s.hasBody());
    return impl !== undefined && Node.isFunctionDeclaration(impl)
      ? ok(impl)
      : err(`\`${head}\` in ${file} has no body`);
  }
  const init = decl !== undefined && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  if (init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return ok(init);
  return err(`\`${head}\` in ${file} is not a function`);
}

/** Where to ask for a refactor of a function: its name, or for an arrow function its first parameter. */
export function functionPosition(fn: FunctionTarget): number {
  const name = fn.getNameNode?.();
  if (name !== undefined) return name.getStart();
  return (fn.getParameters()[0] ?? fn).getStart();
}

/**
 * The type a declaration is annotated with: `cfg` (a variable; for a function, its return type),
 * `f.param` (a function's parameter), `Owner.property` (a class or interface property).
 */
export function annotationNamed(sf: SourceFile, path: string, file: string): Result<TypeNode> {
  const resolved = resolvePath(sf, path, file);
  if (!resolved.ok) return resolved;
  const { head, member, statements, decl } = resolved.value;
  const annotated = member === undefined ? decl : memberOf(decl, member, statements);
  if (annotated === undefined)
    return err(`\`${head}\` in ${file} has no parameter or property \`${member}\``);
  const type = typeNodeOf(annotated);
  if (type === undefined) return err(`\`${path}\` in ${file} has no type annotation to extract`);
  return ok(type);
}

/**
 * How a declaration the facts name is addressed by the refactor steps: its name at the top level,
 * `Owner.member` for a class, interface or type-literal member; undefined for anything else.
 */
export function addressOf(decl: Node): string | undefined {
  const name = nameOf(decl);
  if (name === undefined) return undefined;
  if (isTopLevel(decl)) return name;
  let owner = decl.getParent();
  if (owner !== undefined && Node.isTypeLiteral(owner)) owner = owner.getParent();
  const ownerName = owner === undefined ? undefined : nameOf(owner);
  if (owner === undefined || ownerName === undefined || !Node.isSourceFile(owner.getParent()))
    return undefined;
  return `${ownerName}.${name}`;
}

/** The declaration `id` is the name of, when it is one `addressOf` can name. */
export function declarationNamedBy(id: Node): Node | undefined {
  const decl = id.getParent();
  if (decl === undefined || nameOf(decl) === undefined) return undefined;
  return (decl as Node & { getNameNode(): Node | undefined }).getNameNode() === id ? decl : undefined;
}

/** A function declaration, a variable holding an arrow function or function expression, or a method with a body. */
export function isFunctionLike(decl: Node): boolean {
  const fn = Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
  if (fn === undefined) return false;
  if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) return true;
  return (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) && fn.hasBody();
}

/** Whether the top-level statement holding `decl` is a top-level statement at all (not a member or a local). */
export function isTopLevel(decl: Node): boolean {
  const statement = Node.isVariableDeclaration(decl) ? decl.getVariableStatement() : decl;
  return statement !== undefined && Node.isSourceFile(statement.getParent());
}

/** The parameters of a function-like declaration (or of a variable's function initializer). */
export function parametersOf(decl: Node): Node[] {
  const fn = Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
  if (fn === undefined) return [];
  if (Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
    return fn.getParameters();
  }
  return Node.isMethodDeclaration(fn) ? fn.getParameters() : [];
}

function statementNames(statement: Statement): string[] {
  if (Node.isVariableStatement(statement)) return statement.getDeclarations().map((d) => d.getName());
  const name = nameOf(statement);
  return name === undefined ? [] : [name];
}

function declarationIn(statements: Statements, name: string): Node | undefined {
  const first = statements[0];
  return Node.isVariableStatement(first) ? first.getDeclarations().find((d) => d.getName() === name) : first;
}

function memberOf(decl: Node | undefined, member: string, statements: Statement[]): Node | undefined {
  if (decl === undefined) return undefined;
  if (Node.isClassDeclaration(decl) || Node.isInterfaceDeclaration(decl)) {
    return decl.getProperty(member);
  }
  const impl = Node.isFunctionDeclaration(decl)
    ? statements.find((s) => Node.isFunctionDeclaration(s) && s.hasBody())
    : decl;
  return impl === undefined ? undefined : parametersOf(impl).find((p) => nameOf(p) === member);
}

function typeNodeOf(node: Node): TypeNode | undefined {
  if (Node.isFunctionDeclaration(node)) return node.getReturnTypeNode();
  if (Node.isVariableDeclaration(node)) {
    const init = node.getInitializer();
    const fn = init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init));
    return node.getTypeNode() ?? (fn ? init.getReturnTypeNode() : undefined);
  }
  if (
    Node.isParameterDeclaration(node) ||
    Node.isPropertyDeclaration(node) ||
    Node.isPropertySignature(node)
  ) {
    return node.getTypeNode();
  }
  return undefined;
}

function nameOf(node: Node): string | undefined {
  if (
    Node.isFunctionDeclaration(node) ||
    Node.isClassDeclaration(node) ||
    Node.isInterfaceDeclaration(node) ||
    Node.isTypeAliasDeclaration(node) ||
    Node.isEnumDeclaration(node) ||
    Node.isModuleDeclaration(node) ||
    Node.isVariableDeclaration(node) ||
    Node.isParameterDeclaration(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isMethodSignature(node) ||
    Node.isPropertyDeclaration(node) ||
    Node.isPropertySignature(node)
  ) {
    const name = node.getNameNode();
    return name !== undefined && Node.isIdentifier(name) ? name.getText() : undefined;
  }
  return undefined;
}

function notDeclared(sf: SourceFile, name: string, file: string): string {
  const declared = sf
    .getStatements()
    .flatMap(statementNames)
    .filter((n, i, all) => all.indexOf(n) === i)
    .sort()
    .slice(0, 12);
  const listed = declared.length > 0 ? ` (it declares: ${declared.join(', ')})` : '';
  return `\`${name}\` is not declared at the top level of ${file}${listed}`;
}
