/**
 * Parsing ahead, in idle time: the workspace files a later query may need are added to the query project
 * and bound while nobody waits, so the next query only asks for references. Without it a second query
 * on a large code base spends most of its time parsing the tens of files that mention the new symbol.
 * Bounded by a source budget (memory grows with the parsed files) and run in slices that yield to the
 * event loop, so the extension host stays responsive; it stops early when aborted.
 */
import path from 'node:path';
import { importGraphOf } from './importGraph';
import type { Workspace } from './workspace';

export interface ParseAheadOptions {
  /** Source text to hold at most, in bytes (UTF-16 code units, close enough). Default 8 MB. */
  maxSourceBytes?: number;
  /** Files added between two yields to the event loop. Default 40. */
  sliceFiles?: number;
  signal?: AbortSignal;
}

export interface ParseAheadReport {
  /** Workspace files the query project holds afterwards. */
  parsed: number;
  /** Source bytes they hold. */
  sourceBytes: number;
  /** Files left out because the budget was reached. */
  leftOut: number;
  aborted: boolean;
}

export const DEFAULT_PARSE_AHEAD_BYTES = 8 * 1024 * 1024;

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
  const report: ParseAheadReport = { parsed: 0, sourceBytes: 0, leftOut: 0, aborted: false };
  if (project === undefined) return report;
  const budget = options.maxSourceBytes ?? DEFAULT_PARSE_AHEAD_BYTES;
  const slice = Math.max(1, options.sliceFiles ?? 40);
  const files = byImporters(ws);
  let index = 0;
  while (index < files.length) {
    if (options.signal?.aborted) {
      report.aborted = true;
      break;
    }
    const end = Math.min(files.length, index + slice);
    for (; index < end && report.sourceBytes < budget; index++) {
      const sf = project.addSourceFileAtPathIfExists(path.join(ws.root, files[index] as string));
      if (sf === undefined) continue;
      report.parsed++;
      report.sourceBytes += sf.compilerNode.text.length;
    }
    // Binding per slice: a new checker binds only the files it has not seen, and the last one built is
    // the one the next query reuses when it adds nothing.
    project.getLanguageService().compilerObject.getProgram()?.getTypeChecker();
    if (report.sourceBytes >= budget) break;
    await nextTurn();
  }
  report.leftOut = files.length - index;
  return report;
}
