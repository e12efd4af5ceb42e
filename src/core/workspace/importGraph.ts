/** The syntactic import graph of a workspace, built once per Workspace and reused by every query. */
import path from 'node:path';
import { scanImports, type ImportKind, type ImportRecord } from './importScan';
import type { Workspace } from './workspace';

export interface ImportEdge {
  to: string;
  kind: ImportKind;
  typeOnly: boolean;
}

export interface ImportGraph {
  /** File → the workspace files it imports (resolved; unresolved specifiers are dropped). */
  out: Map<string, ImportEdge[]>;
  /** File → files importing it. */
  in: Map<string, Array<{ from: string; kind: ImportKind; typeOnly: boolean }>>;
}

const graphs = new WeakMap<Workspace, ImportGraph>();

export function importGraphOf(ws: Workspace): ImportGraph {
  let graph = graphs.get(ws);
  if (graph === undefined) {
    graph = buildImportGraph(ws);
    graphs.set(ws, graph);
  }
  return graph;
}

/** Drops the cached graph (files changed on disk); the next query rebuilds it. */
export function forgetImportGraph(ws: Workspace): void {
  graphs.delete(ws);
}

/** Relative-only resolution for Workspace adapters without `resolveImport`; TypeScript files first. */
function fallbackResolver(files: Set<string>): (from: string, spec: string) => string | undefined {
  const exts = ['', '.ts', '.tsx', '.d.ts', '.mts', '.cts', '/index.ts', '/index.tsx'];
  const jsExts = ['.js', '.jsx', '/index.js', '/index.jsx'];
  const has = (f: string): boolean => files.has(f);
  return (from, spec) => {
    if (!spec.startsWith('.')) return undefined;
    const spelled = path.posix.join(path.posix.dirname(from), spec);
    const base = spelled.replace(/\.[cm]?jsx?$/, '');
    return exts.map((e) => base + e).find(has) ?? [spelled, ...jsExts.map((e) => base + e)].find(has);
  };
}

/** Imports of a file scanned from its text, for adapters that did not collect them. */
function scanText(ws: Workspace, file: string): ImportRecord[] | undefined {
  const text = ws.scanText !== undefined ? ws.scanText(file) : ws.readText(file);
  return text === undefined ? undefined : scanImports(text);
}

export function buildImportGraph(ws: Workspace): ImportGraph {
  const files = ws.listFiles();
  const known = new Set(files);
  const resolve = ws.resolveImport?.bind(ws) ?? fallbackResolver(known);
  const graph: ImportGraph = { out: new Map(), in: new Map() };
  for (const from of files) {
    const records = ws.importsOf?.(from) ?? scanText(ws, from);
    if (records === undefined) continue;
    const edges: ImportEdge[] = [];
    for (const record of records) {
      const to = resolve(from, record.specifier);
      if (to === undefined || to === from || !known.has(to)) continue;
      edges.push({ to, kind: record.kind, typeOnly: record.typeOnly });
      let incoming = graph.in.get(to);
      if (incoming === undefined) graph.in.set(to, (incoming = []));
      incoming.push({ from, kind: record.kind, typeOnly: record.typeOnly });
    }
    graph.out.set(from, edges);
  }
  return graph;
}

/** Files that re-export everything of `targets` through `export * from` chains (not the targets). */
export function starReexporters(graph: ImportGraph, targets: Iterable<string>): Set<string> {
  const found = new Set<string>();
  const queue = [...targets];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const edge of graph.in.get(file) ?? []) {
      if (edge.kind !== 'export-star' || seen.has(edge.from)) continue;
      seen.add(edge.from);
      found.add(edge.from);
      queue.push(edge.from);
    }
  }
  return found;
}

/** Files importing any of `targets`, up to `depth` hops, with the hop at which each was reached. */
export function importersWithin(
  graph: ImportGraph,
  targets: Iterable<string>,
  depth: number,
): Map<string, number> {
  const hops = new Map<string, number>();
  const seen = new Set(targets);
  let frontier = [...seen];
  for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const file of frontier) {
      for (const edge of graph.in.get(file) ?? []) {
        if (seen.has(edge.from)) continue;
        seen.add(edge.from);
        hops.set(edge.from, hop);
        next.push(edge.from);
      }
    }
    frontier = next;
  }
  return hops;
}
