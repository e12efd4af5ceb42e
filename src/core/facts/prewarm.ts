/**
 * The first query's fixed costs, paid ahead of time (the extension calls this in the background after
 * activation): the file list, the syntactic import graph, and the query project's type checker with its
 * (stub) lib bound. The parse-ahead that follows in idle time (parseAhead.ts) does the rest.
 */
import { importGraphOf } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';

export interface PrewarmReport {
  files: number;
  importEdges: number;
  /** Source files the query program holds after warming (its lib file). */
  programFiles: number;
}

export function prewarmWorkspace(ws: Workspace): PrewarmReport {
  const files = ws.listFiles().length;
  const graph = importGraphOf(ws);
  let importEdges = 0;
  for (const edges of graph.out.values()) importEdges += edges.length;
  const project = ws.queryProject?.();
  // Building the checker binds the lib: the part of a cold query that does not depend on it.
  const program = project?.getProgram();
  program?.getTypeChecker();
  return { files, importEdges, programFiles: program?.compilerObject.getSourceFiles().length ?? 0 };
}
