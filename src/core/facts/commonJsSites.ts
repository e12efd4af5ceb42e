/**
 * Where else to search for the references of a symbol when JavaScript is involved. TypeScript's reference
 * search does not cross every CommonJS form in both directions: from `function X` it does not reach
 * `const { X } = require('./x')` through `module.exports = { X }`, nor the uses of a required local; from
 * the export site or the importer's binding it does. So those positions are searched too.
 */
import { ts } from 'ts-morph';
import { commonJsExports, requireSpecifier } from './commonJs';
import type { ImportGraph } from '../workspace/importGraph';
import { isJsFile } from '../workspace/paths';

/**
 * Where a module's top level binds `name` imported from `specifier`s the caller accepts:
 * `const { name } = require(s)`, `const name = require(s).name`, `import { name } from s`. Each site is
 * the local binding, since only a search from there also finds the local's uses.
 */
export function importBindingSites(
  sf: ts.SourceFile,
  name: string,
  accepts: (specifier: string) => boolean,
): number[] {
  const sites: number[] = [];
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings === undefined || !ts.isNamedImports(bindings) || !accepts(statement.moduleSpecifier.text))
        continue;
      for (const el of bindings.elements) {
        const imported = el.propertyName ?? el.name;
        if (ts.isIdentifier(imported) && imported.text === name) sites.push(el.name.getStart(sf));
      }
      continue;
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer;
      if (ts.isObjectBindingPattern(decl.name)) {
        const spec = requireSpecifier(init);
        if (spec === undefined || !accepts(spec)) continue;
        for (const el of decl.name.elements) {
          const imported = el.propertyName ?? el.name;
          if (ts.isIdentifier(imported) && imported.text === name) sites.push(el.name.getStart(sf));
        }
      } else if (init !== undefined && ts.isPropertyAccessExpression(init) && init.name.text === name) {
        const spec = requireSpecifier(init.expression);
        if (spec !== undefined && accepts(spec)) sites.push(decl.name.getStart(sf));
      }
    }
  }
  return sites;
}

export interface SiteEnv {
  graph: ImportGraph;
  resolveImport: ((fromFile: string, specifier: string) => string | undefined) | undefined;
  /** The program's copy of a workspace file (relative), if the query added it. */
  sourceFile: (file: string) => ts.SourceFile | undefined;
}

export interface Site {
  fileName: string;
  pos: number;
}

/**
 * Further positions to search for the references of `name` declared in `definitionFile`, where JavaScript
 * is involved: its CommonJS export sites (a JavaScript definition), and the importers' bindings of it.
 */
export function commonJsSearchSites(definitionFile: string, name: string, env: SiteEnv): Site[] {
  const sites: Site[] = [];
  const sf = isJsFile(definitionFile) ? env.sourceFile(definitionFile) : undefined;
  for (const e of sf === undefined ? [] : commonJsExports(sf)) {
    if (e.local === name && !e.asDefault) sites.push({ fileName: sf?.fileName ?? '', pos: e.site });
  }
  return [...sites, ...importerBindingSites(definitionFile, name, env)];
}

/**
 * The bindings of `name` (`const { name } = require(…)`, `import { name } from …`) in the files importing
 * `definitionFile` where JavaScript is involved: a JavaScript definition, or a JavaScript importer. None
 * for TypeScript importing TypeScript.
 */
export function importerBindingSites(definitionFile: string, name: string, env: SiteEnv): Site[] {
  const resolve = env.resolveImport;
  if (resolve === undefined) return [];
  const jsDefinition = isJsFile(definitionFile);
  const sites: Site[] = [];
  const seen = new Set<string>();
  for (const edge of env.graph.in.get(definitionFile) ?? []) {
    if (seen.has(edge.from) || !(jsDefinition || isJsFile(edge.from))) continue;
    seen.add(edge.from);
    const sf = env.sourceFile(edge.from);
    if (sf === undefined) continue;
    const accepts = (spec: string): boolean => resolve(edge.from, spec) === definitionFile;
    for (const pos of importBindingSites(sf, name, accepts)) sites.push({ fileName: sf.fileName, pos });
  }
  return sites;
}
