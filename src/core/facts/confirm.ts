/**
 * Type-aware stage: adds only the files a query needs to the project, finds the seed's declarations
 * and asks the language service for its references, labelling each as reference / re-export / type-import.
 */
import path from 'node:path';
import { ts, type Project } from 'ts-morph';
import { isCommonJsDeclaration, isCommonJsExportName } from './commonJs';
import { commonJsSearchSites } from './commonJsSites';
import { findDeclarations, isDefaultExport, isExported, nodeAt, type NamedDeclaration } from './declarations';
import { importersWithin, starReexporters, type ImportGraph } from '../workspace/importGraph';
import { relativeInside } from '../workspace/paths';
import { useFullQueryLib } from '../workspace/queryLib';
import { wordRegExp } from '../workspace/textChecks';
import type { SymbolSeed } from './types';
import type { Workspace } from '../workspace/workspace';

export type ReferenceRole = 'reference' | 're-export' | 'type-import';

export interface FileReferences {
  count: number;
  lines: Set<number>;
  roles: Set<ReferenceRole>;
}

export interface Confirmation {
  declarations: Array<{ file: string; decl: NamedDeclaration }>;
  definitionFiles: Set<string>;
  /** Files passing the seed on through `export * from` chains. */
  starReexporters: Set<string>;
  references: Map<string, FileReferences>;
  timings: { project: number; addFiles: number; checker: number; references: number };
}

interface Ctx {
  ws: Workspace;
  project: Project;
  graph: ImportGraph;
  added: Set<string>;
}

function addFiles(ctx: Ctx, files: Iterable<string>): void {
  const fresh = [...files].filter((f) => !ctx.added.has(f));
  if (fresh.length === 0) return;
  for (const f of fresh) ctx.added.add(f);
  for (const f of fresh) ctx.project.addSourceFileAtPathIfExists(path.join(ctx.ws.root, f));
}

function compilerFile(ctx: Ctx, file: string): ts.SourceFile | undefined {
  return ctx.project.getSourceFile(path.join(ctx.ws.root, file))?.compilerNode;
}

/** Imports of `files`, plus what those modules re-export from (the chain a checker walks). */
function importsWithReexports(graph: ImportGraph, files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const queue: string[] = [];
  for (const f of files) for (const e of graph.out.get(f) ?? []) queue.push(e.to);
  while (queue.length > 0) {
    const f = queue.pop() as string;
    if (out.has(f)) continue;
    out.add(f);
    for (const e of graph.out.get(f) ?? []) {
      if (e.kind === 'export-star' || e.kind === 'export-from' || e.kind === 'export-star-as')
        queue.push(e.to);
    }
  }
  return out;
}

/** Resolves a positional seed (file + line[, column]) to the declarations of the symbol there. */
function declarationsAtPosition(
  ctx: Ctx,
  seed: SymbolSeed & { file: string; line: number },
): NamedDeclaration[] {
  const sf = compilerFile(ctx, seed.file);
  if (sf === undefined || seed.line < 1 || seed.line > sf.getLineStarts().length) return [];
  const lineStart = sf.getLineStarts()[seed.line - 1] ?? 0;
  const lineEnd = sf.getLineEndOfPosition(lineStart);
  const re = wordRegExp(seed.name, 'g');
  re.lastIndex =
    seed.column !== undefined
      ? Math.max(lineStart, lineStart + seed.column - 1 - seed.name.length)
      : lineStart;
  const m = re.exec(sf.text);
  if (m === null || m.index > lineEnd) return [];
  const node = nodeAt(sf, m.index);
  if (!ts.isIdentifier(node)) return [];
  const own = findDeclarations(sf, seed.name).find((d) => d.name === node);
  if (own !== undefined) return [own];
  addFiles(ctx, importsWithReexports(ctx.graph, [seed.file]));
  // A usage site may name a member reached through lib types (`p.then((x) => x.label)`).
  useFullQueryLib(ctx.project);
  const program = ctx.project.getLanguageService().compilerObject.getProgram();
  const fresh = program?.getSourceFile(sf.fileName);
  if (program === undefined || fresh === undefined) return [];
  const checker = program.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(nodeAt(fresh, m.index));
  if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return (symbol?.declarations ?? []).filter(
    (d): d is NamedDeclaration =>
      (d as ts.NamedDeclaration).name !== undefined &&
      ts.isIdentifier((d as ts.NamedDeclaration).name as ts.Node),
  );
}

function roleOf(node: ts.Node, inDefinitionFile: boolean): ReferenceRole {
  const parent = node.parent as ts.Node | undefined;
  // `exports.X = …` outside the definition passes the symbol on, like `export { X }`.
  if (parent !== undefined && isCommonJsExportName(parent) && parent.name === node) {
    return inDefinitionFile ? 'reference' : 're-export';
  }
  if (parent !== undefined && ts.isExportSpecifier(parent)) {
    const declaration = parent.parent.parent;
    return declaration.moduleSpecifier !== undefined || !inDefinitionFile ? 're-export' : 'reference';
  }
  for (let n: ts.Node | undefined = parent; n !== undefined && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isImportSpecifier(n) && n.isTypeOnly) return 'type-import';
    if (ts.isImportClause(n)) return n.isTypeOnly ? 'type-import' : 'reference';
    if (ts.isStatement(n)) break;
  }
  return 'reference';
}

export function confirmSeeds(
  ws: Workspace,
  graph: ImportGraph,
  seeds: Array<{ seed: SymbolSeed; mentions: string[] }>,
): Confirmation {
  let t = performance.now();
  const ctx: Ctx = { ws, project: ws.queryProject?.() ?? ws.getProject(), graph, added: new Set() };
  const result: Confirmation = {
    declarations: [],
    definitionFiles: new Set(),
    starReexporters: new Set(),
    references: new Map(),
    timings: { project: performance.now() - t, addFiles: 0, checker: 0, references: 0 },
  };
  t = performance.now();
  for (const { seed, mentions } of seeds) {
    addFiles(ctx, seed.file !== undefined ? [...mentions, seed.file] : mentions);
    let decls: NamedDeclaration[];
    if (seed.file !== undefined && seed.line !== undefined) {
      decls = declarationsAtPosition(ctx, { ...seed, file: seed.file, line: seed.line });
    } else {
      const inFile = seed.file !== undefined ? findIn(ctx, [seed.file], seed.name) : [];
      decls = inFile.length > 0 ? inFile : preferred(findIn(ctx, mentions, seed.name));
    }
    for (const decl of decls) {
      const file = relativeInside(ws.root, decl.getSourceFile().fileName);
      if (file === undefined) continue;
      result.declarations.push({ file, decl });
      result.definitionFiles.add(file);
    }
    // What the checker needs beyond the files naming the seed: barrels that `export *` it, and for
    // default exports (imported under any name) or members (typed through imports) one more hop.
    const defs = decls.filter((d) => relativeInside(ws.root, d.getSourceFile().fileName) !== undefined);
    const defFiles = defs.map((d) => relativeInside(ws.root, d.getSourceFile().fileName) as string);
    const stars = defs.some(isExported) ? starReexporters(graph, defFiles) : new Set<string>();
    for (const s of stars) result.starReexporters.add(s);
    addFiles(ctx, stars);
    if (defs.some(isDefaultExport)) addFiles(ctx, importersWithin(graph, [...defFiles, ...stars], 1).keys());
    if (!defs.every(isModuleLevelDeclaration)) {
      addFiles(ctx, importsWithReexports(graph, mentions));
      // Members are reached through types, and those can come from the libs (`items.map((i) => i.label)`).
      useFullQueryLib(ctx.project);
    }
  }
  result.timings.addFiles = performance.now() - t;

  t = performance.now();
  const ls = ctx.project.getLanguageService().compilerObject;
  const program = ls.getProgram();
  program?.getTypeChecker(); // binds every file once, timed apart from the search
  result.timings.checker = performance.now() - t;
  if (program === undefined) return result;

  t = performance.now();
  const moreSites = (decl: NamedDeclaration): Array<{ fileName: string; pos: number }> => {
    const file = relativeInside(ws.root, decl.getSourceFile().fileName);
    if (file === undefined) return [];
    return commonJsSearchSites(file, decl.name.text, {
      graph,
      resolveImport: ws.resolveImport?.bind(ws),
      sourceFile: (rel) => program.getSourceFile(path.join(ws.root, rel)),
    });
  };
  collectReferences(ws.root, ls, program, result, moreSites);
  result.timings.references = performance.now() - t;
  return result;
}

/**
 * The language service can trip over code it cannot make sense of (a Debug Failure): no references then,
 * rather than a failed run. The facts fall back to text matches for that symbol; the obligations check counts
 * every use.
 */
export function referencesAt(
  ls: ts.LanguageService,
  fileName: string,
  pos: number,
): readonly ts.ReferenceEntry[] {
  try {
    return ls.getReferencesAtPosition(fileName, pos) ?? [];
  } catch {
    return [];
  }
}

/**
 * Asks for the references of each distinct seed symbol once and files them by workspace file; `moreSites`
 * names further positions whose references are the same symbol's (JavaScript's CommonJS exports).
 */
function collectReferences(
  root: string,
  ls: ts.LanguageService,
  program: ts.Program,
  result: Confirmation,
  moreSites: (decl: NamedDeclaration) => Array<{ fileName: string; pos: number }>,
): void {
  const checker = program.getTypeChecker();
  const own = new Set(
    result.declarations.map(({ decl }) => `${decl.getSourceFile().fileName}:${decl.name.getStart()}`),
  );
  const searched = new Set<ts.Symbol>();
  const seen = new Set<string>();
  for (const { decl } of result.declarations) {
    const sf = program.getSourceFile(decl.getSourceFile().fileName);
    if (sf === undefined) continue;
    const pos = decl.name.getStart();
    const symbol = checker.getSymbolAtLocation(nodeAt(sf, pos));
    if (symbol !== undefined && searched.has(symbol)) continue; // merged declarations: one search
    if (symbol !== undefined) searched.add(symbol);
    // getReferencesAtPosition, not findReferences: the same search without building display parts.
    const sites = moreSites(decl);
    const refs = referencesAt(ls, sf.fileName, pos);
    const all =
      sites.length === 0 ? refs : [...refs, ...sites.flatMap((s) => referencesAt(ls, s.fileName, s.pos))];
    for (const ref of all) {
      const key = `${ref.fileName}:${ref.textSpan.start}`;
      if (seen.has(key) || own.has(key)) continue;
      seen.add(key);
      const file = relativeInside(root, ref.fileName);
      const refFile = program.getSourceFile(ref.fileName);
      if (file === undefined || refFile === undefined) continue;
      const role = roleOf(nodeAt(refFile, ref.textSpan.start), result.definitionFiles.has(file));
      let entry = result.references.get(file);
      if (entry === undefined)
        result.references.set(file, (entry = { count: 0, lines: new Set(), roles: new Set() }));
      entry.count++;
      entry.lines.add(refFile.getLineAndCharacterOfPosition(ref.textSpan.start).line + 1);
      entry.roles.add(role);
    }
  }
}

function findIn(ctx: Ctx, files: string[], name: string): NamedDeclaration[] {
  const out: NamedDeclaration[] = [];
  for (const file of files) {
    const sf = compilerFile(ctx, file);
    if (sf !== undefined) out.push(...findDeclarations(sf, name));
  }
  return out;
}

/**
 * A bare name can match unrelated declarations: module-level ones win over class/interface members,
 * and exported ones over file-local ones (a local `type Order` elsewhere is another symbol).
 */
function preferred(decls: NamedDeclaration[]): NamedDeclaration[] {
  const moduleLevel = decls.filter(isModuleLevelDeclaration);
  const pool = moduleLevel.length > 0 ? moduleLevel : decls;
  const exported = pool.filter(isExported);
  return exported.length > 0 ? exported : pool;
}

function isModuleLevelDeclaration(decl: NamedDeclaration): boolean {
  if (isCommonJsDeclaration(decl)) return true;
  const holder = ts.isVariableDeclaration(decl) ? decl.parent.parent.parent : decl.parent;
  return ts.isSourceFile(holder) || ts.isModuleBlock(holder);
}
