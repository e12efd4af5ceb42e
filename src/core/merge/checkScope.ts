/**
 * Which files the type check compares: every changed file, and every workspace file importing one (tests and
 * scripts outside tsconfig's `include` among them, as the workspace lists those) that can see what changed:
 * it names an export the change reached (`impact.ts`), re-exports the file with `export *`, or the change
 * reached importers in ways names do not say. The rest cannot gain an error from the change.
 */
import type { Workspace } from '../workspace/workspace';
import { importGraphOf } from '../workspace/importGraph';
import { wordRegExp } from '../workspace/textChecks';
import { exportImpact } from './impact';

export interface CheckScope {
  /** Workspace-relative files whose diagnostics are compared, sorted. */
  checked: string[];
  /** Files moved away from (a created file's `origin`), checked unchanged as its baseline. */
  origins: string[];
}

export interface ScopeChange {
  file: string;
  after: string;
  origin?: string;
}

export function checkScope(ws: Workspace, changes: readonly ScopeChange[]): CheckScope {
  const graph = importGraphOf(ws);
  const checked = new Set(changes.map((c) => c.file));
  for (const c of changes) {
    const importers = graph.in.get(c.file) ?? [];
    if (importers.length === 0) continue;
    const before = ws.readText(c.file);
    const impact = before === undefined ? 'all' : exportImpact(c.file, before, c.after);
    if (impact !== 'all' && impact.size === 0) continue;
    const names = impact === 'all' || impact.has('default') ? undefined : mentionTest([...impact]);
    for (const edge of importers) {
      if (checked.has(edge.from)) continue;
      if (names === undefined || edge.kind === 'export-star' || names(scanText(ws, edge.from)))
        checked.add(edge.from);
    }
  }
  const origins = changes.flatMap((c) =>
    c.origin !== undefined && ws.readText(c.file) === undefined && ws.readText(c.origin) !== undefined
      ? [c.origin]
      : [],
  );
  return { checked: [...checked].sort(), origins };
}

/** Whether a text names any of `names` as a whole word (a namespace import's `ns.name` counts). */
function mentionTest(names: string[]): (text: string | undefined) => boolean {
  const words = names.map((n) => wordRegExp(n));
  return (text) => text !== undefined && words.some((re) => re.test(text));
}

function scanText(ws: Workspace, file: string): string | undefined {
  return ws.scanText !== undefined ? ws.scanText(file) : ws.readText(file);
}
