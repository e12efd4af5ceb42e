/**
 * CommonJS in JavaScript files, syntactically: exports written as assignments (`exports.X = …`,
 * `module.exports = { X }`, `module.exports = X`) and imports as `require()` bindings. TypeScript binds
 * these in JavaScript; the facts find seeds among them and `./commonJsSites.ts` the positions to search
 * references from. Every function here answers no for a TypeScript file.
 */
import { ts } from 'ts-morph';
import { isJsFile } from '../workspace/paths';

export function isJavaScript(sf: ts.SourceFile): boolean {
  return isJsFile(sf.fileName);
}

function isModuleExports(e: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'module' &&
    e.name.text === 'exports'
  );
}

/** `exports` or `module.exports`. */
function isExportsObject(e: ts.Expression): boolean {
  return (ts.isIdentifier(e) && e.text === 'exports') || isModuleExports(e);
}

/** `left = right` as a statement of its own at the top of a module. */
function topLevelAssignment(statement: ts.Statement): ts.BinaryExpression | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const e = statement.expression;
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken ? e : undefined;
}

/** The object literal of a top-level `module.exports = { … }` that holds `node`, if any. */
function moduleExportsLiteralOf(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  const literal = node.parent as ts.Node | undefined;
  if (literal === undefined || !ts.isObjectLiteralExpression(literal)) return undefined;
  const assignment = literal.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.right !== literal) return undefined;
  if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isModuleExports(assignment.left))
    return undefined;
  const statement = assignment.parent;
  const topLevel = ts.isExpressionStatement(statement) && ts.isSourceFile(statement.parent);
  return topLevel && isJsFile(statement.parent.fileName) ? literal : undefined;
}

export type CommonJsDeclaration = ts.PropertyAccessExpression | ts.PropertyAssignment | ts.MethodDeclaration;

/**
 * A CommonJS export declaration: `exports.X = …` / `module.exports.X = …`, or a property or method of
 * `module.exports = { … }`. Not the export of a name (`exports.X = Y`, `{ X: Y }`, `{ X }`): that
 * declaration is `Y`'s own.
 */
export function isCommonJsDeclaration(node: ts.Node): node is CommonJsDeclaration {
  if (ts.isPropertyAccessExpression(node)) {
    return isCommonJsExportName(node) && !ts.isIdentifier((node.parent as ts.BinaryExpression).right);
  }
  if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.initializer)) return false;
  if (!ts.isPropertyAssignment(node) && !ts.isMethodDeclaration(node)) return false;
  return moduleExportsLiteralOf(node) !== undefined;
}

/** The value a CommonJS declaration exports (a method is its own value). */
function exportedValue(decl: CommonJsDeclaration): ts.Node {
  if (ts.isPropertyAccessExpression(decl)) return (decl.parent as ts.BinaryExpression).right;
  return ts.isPropertyAssignment(decl) ? decl.initializer : decl;
}

/** What a CommonJS declaration exports: `function`, `class` or `variable`. */
export function commonJsKind(decl: CommonJsDeclaration): string {
  const value = exportedValue(decl);
  if (ts.isFunctionLike(value)) return 'function';
  if (ts.isClassExpression(value)) return 'class';
  return 'variable';
}

/** Start of the body of the function or class a CommonJS declaration exports, if any. */
export function commonJsBodyStart(decl: CommonJsDeclaration): number | undefined {
  const value = exportedValue(decl);
  const sf = decl.getSourceFile();
  if (ts.isFunctionLike(value) && 'body' in value && value.body !== undefined && ts.isBlock(value.body)) {
    return value.body.getStart(sf);
  }
  if (ts.isClassExpression(value)) return value.members.pos - 1;
  return undefined;
}

/** The statement a CommonJS declaration is part of (`exports.X = …;`), or the declaration itself. */
export function commonJsStatement(decl: CommonJsDeclaration): ts.Node {
  return ts.isPropertyAccessExpression(decl) ? decl.parent.parent : decl;
}

/** `exports.X` / `module.exports.X` as the target of a top-level `= …`. */
export function isCommonJsExportName(node: ts.Node): node is ts.PropertyAccessExpression {
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.name)) return false;
  if (!isExportsObject(node.expression) || !isJsFile(node.getSourceFile().fileName)) return false;
  const assignment = node.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.left !== node) return false;
  if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const statement = assignment.parent;
  return ts.isExpressionStatement(statement) && ts.isSourceFile(statement.parent);
}

/** `x` in `const { x } = require('…')`: an import, like `import { x }`, so a rename renames the local too. */
export function isRequireBindingElement(node: ts.Node): boolean {
  if (!ts.isBindingElement(node) || !ts.isObjectBindingPattern(node.parent)) return false;
  const decl = node.parent.parent;
  return ts.isVariableDeclaration(decl) && requireSpecifier(decl.initializer) !== undefined;
}

/** `const x = require('…')` / `const { x } = require('…')` / `const x = require('…').x`: an import. */
export function isRequireBinding(decl: ts.VariableDeclaration): boolean {
  const init = decl.initializer;
  if (init === undefined) return false;
  return (
    requireSpecifier(init) !== undefined ||
    (ts.isPropertyAccessExpression(init) && requireSpecifier(init.expression) !== undefined)
  );
}

export interface CommonJsExport {
  /** The local name exported. */
  local: string;
  /** Where the export spells it (the property name, or the identifier of `module.exports = X`). */
  site: number;
  /** `module.exports = X`: the module's value itself, required under any name. */
  asDefault: boolean;
}

/** Locals a JavaScript module exports through CommonJS assignments. */
export function commonJsExports(sf: ts.SourceFile): CommonJsExport[] {
  const out: CommonJsExport[] = [];
  for (const statement of sf.statements) {
    const assignment = topLevelAssignment(statement);
    if (assignment === undefined) continue;
    const { left, right } = assignment;
    if (isModuleExports(left)) {
      if (ts.isIdentifier(right)) out.push({ local: right.text, site: right.getStart(sf), asDefault: true });
      if (!ts.isObjectLiteralExpression(right)) continue;
      for (const p of right.properties) {
        if (ts.isShorthandPropertyAssignment(p)) {
          out.push({ local: p.name.text, site: p.name.getStart(sf), asDefault: false });
        } else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer) && ts.isIdentifier(p.name)) {
          out.push({ local: p.initializer.text, site: p.name.getStart(sf), asDefault: false });
        }
      }
    } else if (
      ts.isPropertyAccessExpression(left) &&
      isExportsObject(left.expression) &&
      ts.isIdentifier(right)
    ) {
      out.push({ local: right.text, site: left.name.getStart(sf), asDefault: false });
    }
  }
  return out;
}

/** The specifier of `require('x')`. */
export function requireSpecifier(e: ts.Expression | undefined): string | undefined {
  if (e === undefined || !ts.isCallExpression(e) || !ts.isIdentifier(e.expression)) return undefined;
  const arg = e.arguments[0];
  return e.expression.text === 'require' &&
    e.arguments.length === 1 &&
    arg !== undefined &&
    ts.isStringLiteral(arg)
    ? arg.text
    : undefined;
}
