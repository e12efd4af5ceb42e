/** Test-only Workspace: a temp dir on disk plus a ts-morph Project holding every file. */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import type { Workspace } from '../../src/core/workspace/workspace';
import { writeTree } from './tempTree';

export interface TempWorkspace extends Workspace {
  /** Removes the temp dir now (it goes at process exit anyway). */
  dispose(): void;
}

export function tempWorkspace(files: Record<string, string>): TempWorkspace {
  const root = writeTree(files);
  const texts = new Map(Object.entries(files));
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      noEmit: true,
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const rel of texts.keys()) if (/\.tsx?$/.test(rel)) project.addSourceFileAtPath(path.join(root, rel));
  return {
    root,
    listFiles: () => [...texts.keys()].filter((f) => /\.tsx?$/.test(f)).sort(),
    readText: (file) => texts.get(file),
    hashOf: (file) => {
      const text = texts.get(file);
      return text === undefined ? undefined : createHash('sha256').update(text).digest('hex');
    },
    getProject: () => project,
    resolveInside: (file) => {
      const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
      return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Every source file's text in the project, keyed by workspace-relative path (to assert "back at baseline"). */
export function projectTexts(ws: Workspace): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sf of ws.getProject().getSourceFiles()) {
    const rel = path.relative(ws.root, sf.getFilePath()).split(path.sep).join('/');
    if (!rel.startsWith('..')) out[rel] = sf.getFullText();
  }
  return out;
}
