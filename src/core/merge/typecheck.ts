/**
 * Type-checks proposed changes against the baseline in memory: diagnostics of the changed files and
 * their direct importers before and after, then the project text is restored (nothing touches disk).
 * Only those files' syntactic + semantic diagnostics are asked for, not the whole program's.
 *
 * A JavaScript file is type-checked only with `checkJs` or `// @ts-check` in it: TypeScript's semantic pass
 * then reports its type errors. Otherwise that pass reports only JavaScript's own early errors (a redeclared
 * `const`, `await` outside an async function), which are syntax errors of the language and count as such;
 * with `checkJs: false` spelled out it reports nothing, and only the parser's syntax errors count.
 */
import { ts, type Project, type SourceFile } from 'ts-morph';
import path from 'node:path';
import type { Diagnostic, RelatedLocation } from '../stageTypes';
import type { Workspace } from '../workspace/workspace';
import { importGraphOf } from '../workspace/importGraph';
import {
  changedNames,
  environmentalSignature,
  environmentSummary,
  isEnvironmental,
  mayShow,
  unmatched,
} from './baseline';
import { importsOf } from './deleteCheck';
import { absolutePath, loadWorkspaceFiles } from './projectFiles';

export interface DiagnosticsComparison {
  before: Diagnostic[];
  after: Diagnostic[];
  /** After-diagnostics with no counterpart before (same file and signature; lines may shift). */
  introduced: Diagnostic[];
  /** After-diagnostics the environment explains (see baseline.ts): not new, not repaired, reported. */
  environmental: Diagnostic[];
  /** One line on what `environmental` left unchecked, or '' when it is empty. */
  environmentSummary: string;
}

export interface ProposedText {
  file: string;
  after: string;
  /** For a created (moved) file: the workspace file it came from, whose baseline it is compared with. */
  origin?: string;
  /** A run's move (`FileChange.movedFrom`): the origin as above, and gone from the checked program. */
  movedFrom?: string;
  /** The file is deleted: gone from the checked program. */
  deleted?: boolean;
}

/** Workspace files a change takes out of the program: deleted ones and the old paths of moved ones. */
function removedFiles(changes: readonly ProposedText[]): string[] {
  return changes.flatMap((c) =>
    c.deleted === true ? [c.file] : c.movedFrom !== undefined ? [c.movedFrom] : [],
  );
}

function originOf(c: ProposedText): string | undefined {
  return c.origin ?? c.movedFrom;
}

/** Syntactic + semantic diagnostics of the given workspace-relative files that the project holds. */
export function diagnosticsFor(project: Project, files: string[], root: string): Diagnostic[] {
  const program = project.getProgram();
  const out: Diagnostic[] = [];
  for (const file of files) {
    const sf = project.getSourceFile(absolutePath(root, file));
    if (!sf) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const related = relatedLocations(d.compilerObject, root);
      out.push({
        file,
        line: d.getLineNumber() ?? 0,
        code: d.getCode(),
        message: ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n'),
        ...(related.length > 0 ? { related } : {}),
      });
    }
  }
  return out.sort(compareDiagnostic);
}

/** The related locations of a diagnostic that lie in workspace files (not in libs or packages). */
function relatedLocations(d: ts.Diagnostic, root: string): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const r of d.relatedInformation ?? []) {
    if (r.file === undefined || r.start === undefined) continue;
    const file = path.relative(root, r.file.fileName).split(path.sep).join('/');
    if (file.startsWith('..') || path.isAbsolute(file) || file.includes('node_modules/')) continue;
    const line = r.file.getLineAndCharacterOfPosition(r.start).line + 1;
    out.push({ file, line, message: ts.flattenDiagnosticMessageText(r.messageText, '\n') });
  }
  return out;
}

export function compareDiagnostics(ws: Workspace, changes: readonly ProposedText[]): DiagnosticsComparison {
  // Changed files and their direct importers (from the syntactic import graph): only these can gain errors.
  // Loading just them keeps a large workspace's check proportional to the change, not the workspace.
  const graph = importGraphOf(ws);
  const removed = new Set(removedFiles(changes));
  const affected = new Set(changes.filter((c) => c.deleted !== true).map((c) => c.file));
  // Importers of a removed file lose it: they are checked too (the ones the move updated are changes).
  for (const file of [...affected, ...removed])
    for (const edge of graph.in.get(file) ?? []) if (!removed.has(edge.from)) affected.add(edge.from);
  const origins = changes.flatMap((c) => {
    const origin = originOf(c);
    return origin !== undefined && ws.readText(c.file) === undefined && ws.readText(origin) !== undefined
      ? [origin]
      : [];
  });
  const project = loadWorkspaceFiles(
    ws,
    [...affected, ...origins].filter((f) => ws.readText(f) !== undefined),
  );
  const files = [...affected].sort();
  const before = diagnosticsFor(project, files, ws.root);
  const originBefore = diagnosticsFor(
    project,
    origins.filter((o) => !affected.has(o)),
    ws.root,
  );

  const originals = new Map<SourceFile, string>();
  const created: SourceFile[] = [];
  const taken = new Map<string, string>();
  let after: Diagnostic[];
  try {
    for (const file of removed) {
      const sf = project.getSourceFile(absolutePath(ws.root, file));
      if (!sf) continue;
      taken.set(sf.getFilePath(), sf.getFullText());
      project.removeSourceFile(sf);
    }
    for (const c of changes) {
      if (c.deleted === true) continue;
      const abs = absolutePath(ws.root, c.file);
      const sf = project.getSourceFile(abs);
      if (sf) {
        originals.set(sf, sf.getFullText());
        sf.replaceWithText(c.after);
      } else {
        created.push(project.createSourceFile(abs, c.after, { overwrite: true }));
      }
    }
    after = diagnosticsFor(project, files, ws.root);
    if (removed.size > 0)
      after = [...after, ...missingModules(ws, changes, files, removed)].sort(compareDiagnostic);
  } finally {
    // Later stages (repair prompts, the next run) must see the baseline project.
    for (const [sf, text] of originals) sf.replaceWithText(text);
    for (const sf of created) project.removeSourceFile(sf);
    for (const [abs, text] of taken) project.createSourceFile(abs, text, { overwrite: true });
  }

  const unexplained = unmatchedPerFile(ws, changes, [...before, ...originBefore], after);
  const elsewhere = environmentalBaseline(ws, project, before, unexplained);
  const introduced: Diagnostic[] = [];
  for (const d of unexplained)
    if (!isEnvironmental(d) || !elsewhere.has(environmentalSignature(d))) introduced.push(d);
  const isNew = new Set(introduced);
  const environmental = after.filter((d) => !isNew.has(d) && isEnvironmental(d));
  return { before, after, introduced, environmental, environmentSummary: environmentSummary(environmental) };
}

/**
 * Per file, the after-diagnostics whose signature its baseline lacks; a created file's baseline is its
 * origin's (a move), else empty. Names the change renamed in that file match their old spelling.
 */
function unmatchedPerFile(
  ws: Workspace,
  changes: readonly ProposedText[],
  before: readonly Diagnostic[],
  after: readonly Diagnostic[],
): Diagnostic[] {
  const changeOf = new Map(changes.map((c) => [c.file, c]));
  const out: Diagnostic[] = [];
  for (const [file, afterHere] of groupByFile(after)) {
    const change = changeOf.get(file);
    const existing = ws.readText(file);
    const baseFile = existing === undefined && change !== undefined ? originOf(change) : file;
    const baseText = baseFile === undefined ? undefined : ws.readText(baseFile);
    const names = change && baseText !== undefined ? changedNames(baseText, change.after) : new Set<string>();
    const beforeHere = baseFile === undefined ? [] : before.filter((d) => d.file === baseFile);
    out.push(...unmatched(beforeHere, afterHere, names));
  }
  return out.sort(compareDiagnostic);
}

/**
 * TS2307 for every import, in the checked files' new texts, of a file the change removes. The project's
 * module resolution reads the disk, where a removed file is still there until apply; the missing module is
 * what the program will report once it is gone, so it is reported here as the compiler words it.
 */
function missingModules(
  ws: Workspace,
  changes: readonly ProposedText[],
  files: readonly string[],
  removed: ReadonlySet<string>,
): Diagnostic[] {
  const textOf = new Map(changes.map((c) => [c.file, c.after]));
  return files.flatMap((file) => {
    const text = textOf.get(file) ?? ws.readText(file);
    if (text === undefined) return [];
    return importsOf(ws, file, text, removed).map((i) => ({
      file,
      line: i.line,
      code: 2307,
      message: `Cannot find module '${i.specifier}' or its corresponding type declarations.`,
    }));
  });
}

/** How many other files are type-checked, at most, to find one environmental diagnostic's counterpart. */
const ELSEWHERE_FILES = 8;

/**
 * Environmental signatures the baseline shows anywhere: in the files already checked, else in a few other
 * workspace files whose text mentions the same name or package (checked unchanged, after the restore).
 */
function environmentalBaseline(
  ws: Workspace,
  project: Project,
  before: readonly Diagnostic[],
  unexplained: readonly Diagnostic[],
): Set<string> {
  const known = new Set(before.filter(isEnvironmental).map(environmentalSignature));
  const wanted = unexplained.filter((d) => isEnvironmental(d) && !known.has(environmentalSignature(d)));
  if (wanted.length === 0) return known;
  const checked = new Set(before.map((d) => d.file));
  const candidates = new Set<string>();
  // One search per signature: a created test file shows 'describe' dozens of times.
  const bySignature = new Map(wanted.map((d) => [environmentalSignature(d), d]));
  const others = ws.listFiles().filter((f) => !checked.has(f));
  for (const d of bySignature.values()) {
    const matches = others.filter((f) => f !== d.file && mayShow(ws.readText(f) ?? '', d));
    for (const f of matches.slice(0, ELSEWHERE_FILES)) candidates.add(f);
  }
  loadWorkspaceFiles(ws, candidates);
  for (const d of diagnosticsFor(project, [...candidates].sort(), ws.root))
    if (isEnvironmental(d)) known.add(environmentalSignature(d));
  return known;
}

/** Matches by file + signature as a multiset, so line shifts from the edit do not count as new. */
export function introducedDiagnostics(before: Diagnostic[], after: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [file, afterHere] of groupByFile(after))
    out.push(
      ...unmatched(
        before.filter((d) => d.file === file),
        afterHere,
      ),
    );
  return out.sort(compareDiagnostic);
}

function groupByFile(ds: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of ds) out.set(d.file, [...(out.get(d.file) ?? []), d]);
  return out;
}

function compareDiagnostic(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.code - b.code || a.message.localeCompare(b.message)
  );
}
