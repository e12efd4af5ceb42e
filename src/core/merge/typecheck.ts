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
import type { Diagnostic } from '../runTypes';
import type { Workspace } from '../workspace/workspace';
import { importGraphOf } from '../workspace/importGraph';
import { absolutePath, loadWorkspaceFiles } from './projectFiles';

export interface DiagnosticsComparison {
  before: Diagnostic[];
  after: Diagnostic[];
  /** After-diagnostics with no counterpart before (same file, code and message; lines may shift). */
  introduced: Diagnostic[];
}

export interface ProposedText {
  file: string;
  after: string;
}

/** Syntactic + semantic diagnostics of the given workspace-relative files that the project holds. */
export function diagnosticsFor(project: Project, files: string[], root: string): Diagnostic[] {
  const program = project.getProgram();
  const out: Diagnostic[] = [];
  for (const file of files) {
    const sf = project.getSourceFile(absolutePath(root, file));
    if (!sf) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      out.push({
        file,
        line: d.getLineNumber() ?? 0,
        code: d.getCode(),
        message: ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n'),
      });
    }
  }
  return out.sort(compareDiagnostic);
}

export function compareDiagnostics(ws: Workspace, changes: readonly ProposedText[]): DiagnosticsComparison {
  // Changed files and their direct importers (from the syntactic import graph): only these can gain errors.
  // Loading just them keeps a large workspace's check proportional to the change, not the workspace.
  const graph = importGraphOf(ws);
  const affected = new Set(changes.map((c) => c.file));
  for (const c of changes) for (const edge of graph.in.get(c.file) ?? []) affected.add(edge.from);
  const project = loadWorkspaceFiles(
    ws,
    [...affected].filter((f) => ws.readText(f) !== undefined),
  );
  const files = [...affected].sort();
  const before = diagnosticsFor(project, files, ws.root);

  const originals = new Map<SourceFile, string>();
  const created: SourceFile[] = [];
  let after: Diagnostic[];
  try {
    for (const c of changes) {
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
  } finally {
    // Later stages (repair prompts, the next run) must see the baseline project.
    for (const [sf, text] of originals) sf.replaceWithText(text);
    for (const sf of created) project.removeSourceFile(sf);
  }
  return { before, after, introduced: introducedDiagnostics(before, after) };
}

/** Matches by file + code + message as a multiset, so line shifts from the edit do not count as new. */
export function introducedDiagnostics(before: Diagnostic[], after: Diagnostic[]): Diagnostic[] {
  const remaining = new Map<string, number>();
  for (const d of before) remaining.set(keyOf(d), (remaining.get(keyOf(d)) ?? 0) + 1);
  return after.filter((d) => {
    const left = remaining.get(keyOf(d)) ?? 0;
    if (left > 0) remaining.set(keyOf(d), left - 1);
    return left === 0;
  });
}

function keyOf(d: Diagnostic): string {
  return `${d.file}\u0000${d.code}\u0000${d.message}`;
}

function compareDiagnostic(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.code - b.code || a.message.localeCompare(b.message)
  );
}
