/**
 * The import graph as the steps before a refactor step left the workspace. The workspace's own graph is of
 * the baseline, where a file a move created has no importers and a barrel a step re-pointed still points at
 * the old path; a refactor on the moved file would then load too little and leave its re-exporters behind.
 * Files no step changed keep their baseline edges (those into files gone dropped); changed and created files
 * are scanned again from their texts, each specifier resolved by the workspace resolver, else as the
 * refactor's project resolves it among the current files, else through a package's `exports`.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import { importGraphOf, type ImportEdge, type ImportGraph } from '../workspace/importGraph';
import { scanImports } from '../workspace/importScan';
import { PackageLookup } from '../workspace/packageMap';
import { relativeInside } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';

/**
 * `ws`'s graph with `current` (file → text after the steps so far) and `gone` (moved away or deleted) laid
 * over it, as `view` (the overlay of both) lists the files; the baseline graph itself when nothing changed.
 */
export function stepGraph(
  ws: Workspace,
  view: Workspace,
  current: ReadonlyMap<string, string>,
  gone: ReadonlySet<string>,
): ImportGraph {
  const base = importGraphOf(ws);
  if (current.size === 0 && gone.size === 0) return base;
  const files = view.listFiles();
  const known = new Set(files);
  const resolve = resolverFor(ws, known, gone);
  const graph: ImportGraph = { out: new Map(), in: new Map() };
  for (const from of files) {
    const text = current.get(from);
    const edges: ImportEdge[] =
      text === undefined
        ? (base.out.get(from) ?? []).filter((e) => known.has(e.to))
        : scanImports(text).flatMap((r) => {
            const to = resolve(from, r.specifier);
            return to === undefined || to === from ? [] : [{ to, kind: r.kind, typeOnly: r.typeOnly }];
          });
    graph.out.set(from, edges);
    for (const e of edges) {
      let incoming = graph.in.get(e.to);
      if (incoming === undefined) graph.in.set(e.to, (incoming = []));
      incoming.push({ from, kind: e.kind, typeOnly: e.typeOnly });
    }
  }
  return graph;
}

/** Resolves a specifier of a changed or created file to one of `known` (the files as the steps left them). */
function resolverFor(
  ws: Workspace,
  known: ReadonlySet<string>,
  gone: ReadonlySet<string>,
): (from: string, spec: string) => string | undefined {
  // The workspace resolver knows only the disk: a file a step created is found by TypeScript's resolution
  // (relative, `paths`, `baseUrl`) over the current files, or through a package's `exports`.
  const options = ws.getProject().compilerOptions.get();
  const host: ts.ModuleResolutionHost = {
    fileExists: (abs) => {
      const rel = relativeInside(ws.root, abs);
      return rel !== undefined && known.has(rel);
    },
    readFile: () => undefined,
  };
  const created = [...known].filter((f) => ws.readText(f) === undefined || gone.has(f));
  const packages = new PackageLookup(ws.root);
  return (from, spec) => {
    const onDisk = ws.resolveImport?.(from, spec);
    if (onDisk !== undefined && known.has(onDisk)) return onDisk;
    const abs = path.join(ws.root, from);
    const resolved = ts.resolveModuleName(spec, abs, options, host).resolvedModule?.resolvedFileName;
    const rel = resolved === undefined ? undefined : relativeInside(ws.root, resolved);
    if (rel !== undefined && known.has(rel)) return rel;
    if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
    return created.find((f) => packages.reaches(spec, f));
  };
}
