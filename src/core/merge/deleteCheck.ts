/**
 * The last word on a delete: after the merge, does any file the run leaves still import the deleted file?
 * The importers of the baseline (at their new path when moved) and every file the run changed are scanned
 * in their final text; a worker that was to drop the import and kept it shows up here.
 */
import path from 'node:path';
import { importGraphOf } from '../workspace/importGraph';
import { scanImports } from '../workspace/importScan';
import type { Workspace } from '../workspace/workspace';
import type { FileOps } from './fileOps';

/** The files that would still import `deleted` (sorted), given the final texts `merged` and the run's ops. */
export function stillImporting(
  ws: Workspace,
  deleted: string,
  merged: ReadonlyMap<string, string>,
  ops: FileOps,
): string[] {
  const movedTo = new Map([...ops.moved].map(([to, from]) => [from, to]));
  const candidates = new Set<string>(merged.keys());
  for (const edge of importGraphOf(ws).in.get(deleted) ?? []) {
    if (ops.deleted.has(edge.from)) continue;
    candidates.add(movedTo.get(edge.from) ?? edge.from);
  }
  const out: string[] = [];
  for (const file of candidates) {
    if (file === deleted || ops.deleted.has(file)) continue;
    const text = merged.get(file) ?? ws.readText(file);
    if (text === undefined) continue;
    if (importsOf(ws, file, text, new Set([deleted])).length > 0) out.push(file);
  }
  return out.sort();
}

/** The imports in `text` (the file `file`) that resolve to one of `targets`, with the 1-based line of each. */
export function importsOf(
  ws: Workspace,
  file: string,
  text: string,
  targets: ReadonlySet<string>,
): Array<{ specifier: string; target: string; line: number }> {
  const out: Array<{ specifier: string; target: string; line: number }> = [];
  for (const record of scanImports(text)) {
    const target = ws.resolveImport?.(file, record.specifier) ?? relative(ws, file, record.specifier);
    if (target === undefined || !targets.has(target)) continue;
    const at = text.search(new RegExp(`['"]${escapeRegExp(record.specifier)}['"]`));
    const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
    out.push({ specifier: record.specifier, target, line });
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '/index.ts', '/index.tsx', '/index.js'];

/** Relative resolution for workspaces without `resolveImport`. */
function relative(ws: Workspace, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.join(path.posix.dirname(from), spec).replace(/\.[cm]?jsx?$/, '');
  return EXTENSIONS.map((e) => base + e).find((f) => ws.readText(f) !== undefined);
}
