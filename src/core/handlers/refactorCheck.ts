/**
 * A refactor's result is type-checked before it is proposed: the changed files and their importers, before
 * and after, in the shared project (put back afterwards). TypeScript's refactors are exact where they apply,
 * but not free of bugs at their edges; a step that would break the code is refused, never handed on for a
 * model to repair.
 */
import type { Diagnostic } from '../stageTypes';
import { loadWorkspaceFiles } from '../merge/projectFiles';
import { diagnosticsFor } from '../merge/typecheck';
import type { ImportGraph } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';
import { withTexts } from './overlay';
import type { RefactorChange } from './tsRefactor';

/**
 * Diagnostics the changes introduce in the changed files and their direct importers. An error that was
 * there before and moved with its code to another file (a move) is not new, so files are not compared.
 */
export function introducedErrors(
  view: Workspace,
  graph: ImportGraph,
  changes: readonly RefactorChange[],
): Diagnostic[] {
  const affected = new Set(changes.map((c) => c.file));
  for (const c of changes) for (const edge of graph.in.get(c.file) ?? []) affected.add(edge.from);
  const files = [...affected].sort();
  const project = loadWorkspaceFiles(
    view,
    files.filter((f) => view.readText(f) !== undefined),
  );
  const before = diagnosticsFor(project, files, view.root);
  const texts = new Map(changes.map((c) => [c.file, c.after]));
  const after = withTexts(view, texts, (changed) => diagnosticsFor(changed.getProject(), files, view.root));
  const key = (d: Diagnostic): string => `${d.code}\u0000${d.message}`;
  const left = new Map<string, number>();
  for (const d of before) left.set(key(d), (left.get(key(d)) ?? 0) + 1);
  return after.filter((d) => {
    const n = left.get(key(d)) ?? 0;
    if (n > 0) left.set(key(d), n - 1);
    return n === 0;
  });
}

/** The first few, `file:line message`, for a refusal the user can read. */
export function describeErrors(errors: readonly Diagnostic[], max = 3): string {
  const shown = errors.slice(0, max).map((d) => `${d.file}:${d.line} ${d.message.split('\n')[0]}`);
  const more = errors.length > max ? ` (and ${errors.length - max} more)` : '';
  return shown.join('; ') + more;
}
