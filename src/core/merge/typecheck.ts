/**
 * Type-checks proposed changes against the baseline in memory: diagnostics of the changed files and of the
 * importers that can see the change (`checkScope.ts`; tests and scripts outside tsconfig's `include` too),
 * before and after, each in a short-lived program of its own (`checkProgram.ts`): nothing touches disk, and
 * the workspace project is left as it was. Only those files' syntactic + semantic diagnostics are asked for.
 *
 * A JavaScript file is type-checked only with `checkJs` or `// @ts-check` in it: TypeScript's semantic pass
 * then reports its type errors. Otherwise that pass reports only JavaScript's own early errors (a redeclared
 * `const`, `await` outside an async function), which are syntax errors of the language and count as such;
 * with `checkJs: false` spelled out it reports nothing, and only the parser's syntax errors count.
 */
import { ts, type Project } from 'ts-morph';
import type { Diagnostic } from '../stageTypes';
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
import { CheckHost, programDiagnostics, relatedLocations } from './checkProgram';
import { importsOf } from './deleteCheck';
import { checkScope } from './checkScope';
import { normaliseMovedSpecifier, PackageLookup, type FileMove } from './movedSpecifiers';
import { absolutePath } from './projectFiles';

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

/** The comparison with what it covered (for tests and the bench; the run's result keeps the shape above). */
export interface CheckedComparison extends DiagnosticsComparison {
  /** The files whose diagnostics were compared: the changed files and the importers that can see the change. */
  checked: string[];
  /** Workspace files the check's programs parsed: `checked` and what they import (libs not listed). */
  loaded: string[];
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

export function compareDiagnostics(ws: Workspace, changes: readonly ProposedText[]): DiagnosticsComparison {
  const { checked: _checked, loaded: _loaded, ...comparison } = checkChanges(ws, changes);
  return comparison;
}

export function checkChanges(ws: Workspace, changes: readonly ProposedText[]): CheckedComparison {
  // Changed files and the importers that can see what changed (checkScope.ts), in programs of their own
  // (checkProgram.ts): the check is proportional to the change, and leaves nothing loaded behind it.
  const removed = new Set(removedFiles(changes));
  const kept = changes.filter((c) => c.deleted !== true);
  const scope = checkScope(
    ws,
    kept.map((c) => ({ file: c.file, after: c.after, origin: originOf(c) })),
  );
  // Importers of a removed file lose it: they are checked too (the ones a move updated are changes).
  const graph = importGraphOf(ws);
  const inScope = new Set(scope.checked);
  for (const file of removed)
    for (const edge of graph.in.get(file) ?? []) if (!removed.has(edge.from)) inScope.add(edge.from);
  const checked = [...inScope].filter((f) => !removed.has(f)).sort();
  const { origins } = scope;
  const host = new CheckHost(ws);
  const exists = (f: string): boolean => ws.readText(f) !== undefined;
  const loaded = new Set<string>();
  // One program at a time, each dropped once its diagnostics are read (files whose text did not change are
  // parsed once, for both).
  const run = (roots: string[], files: string[], overlay?: ReadonlyMap<string, string>): Diagnostic[] => {
    const program = host.program(roots, overlay);
    for (const f of host.workspaceFiles(program)) loaded.add(f);
    return sorted(programDiagnostics(program, files, ws.root));
  };
  const baseRoots = [...checked, ...origins].filter(exists);
  const baseline = run(baseRoots, [...new Set([...checked, ...origins])]);
  const before = baseline.filter((d) => checked.includes(d.file));
  const originBefore = baseline.filter((d) => !checked.includes(d.file));
  const overlay = new Map(kept.map((c) => [c.file, c.after]));
  let after = run([...new Set([...checked, ...baseRoots.filter((f) => !removed.has(f))])], checked, overlay);
  // The programs resolve modules on disk, where a removed file stays until apply: its imports are reported
  // as the compiler will once it is gone.
  if (removed.size > 0) after = sorted([...after, ...missingModules(ws, changes, checked, removed)]);

  const unexplained = unmatchedPerFile(ws, changes, [...before, ...originBefore], after);
  const elsewhere = environmentalBaseline(ws, host, before, unexplained, loaded);
  const introduced: Diagnostic[] = [];
  for (const d of unexplained)
    if (!isEnvironmental(d) || !elsewhere.has(environmentalSignature(d))) introduced.push(d);
  const isNew = new Set(introduced);
  const environmental = after.filter((d) => !isNew.has(d) && isEnvironmental(d));
  return {
    before,
    after,
    introduced,
    environmental,
    environmentSummary: environmentSummary(environmental),
    checked,
    loaded: [...loaded].sort(),
  };
}

/**
 * Per file, the after-diagnostics whose signature its baseline lacks; a created file's baseline is its
 * origin's (a move), else empty. Names the change renamed in that file match their old spelling, and a
 * deep package import a move rewrote matches its old specifier (movedSpecifiers.ts).
 */
function unmatchedPerFile(
  ws: Workspace,
  changes: readonly ProposedText[],
  before: readonly Diagnostic[],
  after: readonly Diagnostic[],
): Diagnostic[] {
  const changeOf = new Map(changes.map((c) => [c.file, c]));
  const moves: FileMove[] = changes.flatMap((c) =>
    c.movedFrom === undefined ? [] : [{ from: c.movedFrom, to: c.file }],
  );
  const packages = new PackageLookup(ws.root);
  const out: Diagnostic[] = [];
  for (const [file, afterHere] of groupByFile(after)) {
    const change = changeOf.get(file);
    const existing = ws.readText(file);
    const baseFile = existing === undefined && change !== undefined ? originOf(change) : file;
    const baseText = baseFile === undefined ? undefined : ws.readText(baseFile);
    const names = change && baseText !== undefined ? changedNames(baseText, change.after) : new Set<string>();
    const beforeHere = baseFile === undefined ? [] : before.filter((d) => d.file === baseFile);
    // A module error about a moved specifier is the baseline's about the old one, when the baseline has it.
    const normal = afterHere.map((d) => normaliseMovedSpecifier(d, packages, moves, beforeHere));
    const left = new Set(unmatched(beforeHere, normal, names));
    out.push(...afterHere.filter((_, i) => left.has(normal[i]!)));
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
  host: CheckHost,
  before: readonly Diagnostic[],
  unexplained: readonly Diagnostic[],
  loaded: Set<string>,
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
  const files = [...candidates].sort();
  const program = host.program(files);
  for (const f of host.workspaceFiles(program)) loaded.add(f);
  for (const d of programDiagnostics(program, files, ws.root))
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

function sorted(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(compareDiagnostic);
}

function compareDiagnostic(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.code - b.code || a.message.localeCompare(b.message)
  );
}
