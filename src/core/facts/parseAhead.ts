/**
 * Parsing ahead, in idle time: the workspace files a later query may need are added to the query project
 * and bound while nobody waits, so the next query only asks for references. Without it a second query
 * on a large code base spends most of its time parsing the tens of files that mention the new symbol.
 * Bounded by a memory budget (parsed and bound files stay in memory: tens of bytes of heap per source
 * character) and run in slices that yield to the event loop, so the extension host stays responsive; it
 * stops when aborted.
 */
import path from 'node:path';
import { importGraphOf } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';

export interface ParseAheadOptions {
  /** Parsing stops once the JS heap has grown this much (binding then adds some more). Default 96 MB. */
  maxHeapGrowthBytes?: number;
  /** Files to parse at most (default: no limit but the heap budget). */
  maxFiles?: number;
  /** Files added between two yields to the event loop. Default 40. */
  sliceFiles?: number;
  signal?: AbortSignal;
}

export interface ParseAheadReport {
  /** Workspace files the query project holds afterwards. */
  parsed: number;
  /** Source characters they hold. */
  sourceChars: number;
  /** Heap growth when parsing stopped, in bytes. */
  heapGrowth: number;
  /** Files left out because the budget was reached. */
  leftOut: number;
  aborted: boolean;
}

export const DEFAULT_PARSE_AHEAD_HEAP_BYTES = 96 * 1024 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Most-imported files first: they are the ones most queries touch, so a partial parse-ahead (budget
 * reached) still covers the hubs.
 */
function byImporters(ws: Workspace): string[] {
  const graph = importGraphOf(ws);
  const importers = (f: string): number => graph.in.get(f)?.length ?? 0;
  return [...ws.listFiles()].sort((a, b) => importers(b) - importers(a) || (a < b ? -1 : a > b ? 1 : 0));
}

export async function parseAhead(ws: Workspace, options: ParseAheadOptions = {}): Promise<ParseAheadReport> {
  const project = ws.queryProject?.();
  const report: ParseAheadReport = { parsed: 0, sourceChars: 0, heapGrowth: 0, leftOut: 0, aborted: false };
  if (project === undefined) return report;
  const budget = options.maxHeapGrowthBytes ?? DEFAULT_PARSE_AHEAD_HEAP_BYTES;
  const slice = Math.max(1, options.sliceFiles ?? 40);
  const heapAtStart = process.memoryUsage().heapUsed;
  const files = byImporters(ws).slice(0, options.maxFiles);
  let index = 0;
  while (index < files.length && report.heapGrowth < budget) {
    if (options.signal?.aborted) {
      report.aborted = true;
      break;
    }
    const end = Math.min(files.length, index + slice);
    for (; index < end; index++) {
      const sf = project.addSourceFileAtPathIfExists(path.join(ws.root, files[index] as string));
      if (sf === undefined) continue;
      report.parsed++;
      report.sourceChars += sf.compilerNode.text.length;
    }
    report.heapGrowth = process.memoryUsage().heapUsed - heapAtStart;
    await nextTurn();
  }
  report.leftOut = ws.listFiles().length - index;
  // One checker binds every file parsed ahead (a checker per slice cost twice the time and more memory);
  // it is the one the next query reuses when it adds nothing.
  if (!report.aborted && !options.signal?.aborted) {
    project.getLanguageService().compilerObject.getProgram()?.getTypeChecker();
  }
  return report;
}
