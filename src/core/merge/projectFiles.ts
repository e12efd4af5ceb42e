/** Bridges workspace-relative paths and the ts-morph project the Workspace port hands out. */
import path from 'node:path';
import type { Project } from 'ts-morph';
import type { Workspace } from '../workspace/workspace';

export function absolutePath(root: string, file: string): string {
  return path.resolve(root, file);
}

/**
 * The workspace project holding `files` (default: every workspace file). References and importers are only
 * found among files the project holds, and the port adds files lazily, so callers pass every file a query
 * can touch; the program itself pulls in what those files import. Missing files are added from the
 * workspace's snapshot text (not re-read from disk), so every stage sees the same text.
 */
export function loadWorkspaceFiles(ws: Workspace, files: Iterable<string> = ws.listFiles()): Project {
  const project = ws.getProject();
  for (const file of new Set(files)) {
    const abs = absolutePath(ws.root, file);
    if (project.getSourceFile(abs)) continue;
    const text = ws.readText(file);
    if (text !== undefined) project.createSourceFile(abs, text, { overwrite: true });
  }
  return project;
}
