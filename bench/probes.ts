/**
 * Baseline measurements that run inside a child process (see child.ts): the parse-only lower bound
 * and the naive approach (`new Project({ tsConfigFilePath })` + `findReferences`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import type { LocatedSeed } from './corpora';

export type Metrics = Record<string, number | string | string[]>;

export function elapsedSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Files and options of the tsconfig, as the compiler would list them. */
export function readConfig(tsconfig: string): { files: string[]; options: ts.CompilerOptions } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  return { files: parsed.fileNames, options: parsed.options };
}

/** The default lib files these options pull in (ts-morph serves them from memory), with their text. */
function libTexts(options: ts.CompilerOptions): Array<{ file: string; text: string }> {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: options.lib, target: options.target },
  });
  project.createSourceFile('/probe.ts', 'export {};');
  const program = project.getProgram().compilerObject;
  return program
    .getSourceFiles()
    .filter((sf) => program.isSourceFileDefaultLibrary(sf))
    .map((sf) => ({ file: sf.fileName, text: sf.text }));
}

/**
 * Lower bound for any type-aware approach: parse every file the checker needs once — the project's
 * files (read from disk) and the default lib files — and nothing else (no binding, no checking).
 */
export function parseOnly(tsconfig: string): Metrics {
  const { files, options } = readConfig(tsconfig);
  const libs = libTexts(options); // untimed: only the parse of their text counts
  const start = performance.now();
  let statements = 0;
  for (const file of files) {
    statements += ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false)
      .statements.length;
  }
  const projectSeconds = elapsedSince(start);
  for (const lib of libs) {
    statements += ts.createSourceFile(lib.file, lib.text, ts.ScriptTarget.ES2022, false).statements.length;
  }
  const seconds = elapsedSince(start);
  return {
    seconds,
    projectSeconds,
    libSeconds: seconds - projectSeconds,
    files: files.length,
    libFiles: libs.length,
    statements,
  };
}

/** The approach issue #6 measures: load the whole project, then ask the language service. */
export function naive(root: string, tsconfig: string, seed: LocatedSeed, second: LocatedSeed): Metrics {
  const start = performance.now();
  const project = new Project({ tsConfigFilePath: tsconfig });
  const loadSeconds = elapsedSince(start);
  const files = referencingFiles(project, root, seed);
  const coldSeconds = elapsedSince(start);
  const warmStart = performance.now();
  const secondFiles = referencingFiles(project, root, second);
  return {
    seconds: coldSeconds,
    loadSeconds,
    referencesSeconds: coldSeconds - loadSeconds,
    warmSeconds: elapsedSince(warmStart),
    files: project.getSourceFiles().length,
    referenceFiles: files,
    secondReferenceFiles: secondFiles,
  };
}

/** Relative paths of files holding a reference to (or the declaration of) the seed. */
export function referencingFiles(project: Project, root: string, seed: LocatedSeed): string[] {
  const sf = project.getSourceFileOrThrow(path.join(root, seed.file));
  const lineText = sf.getFullText().split('\n')[seed.line - 1] ?? '';
  const column = lineText.search(new RegExp(`(?<![\\w$])${seed.name.replace(/\$/g, '\\$')}(?![\\w$])`));
  if (column < 0) throw new Error(`${seed.name} not found on ${seed.file}:${seed.line}`);
  const pos = sf.compilerNode.getPositionOfLineAndCharacter(seed.line - 1, column);
  const node = sf.getDescendantAtPos(pos);
  if (node === undefined || !node.isKind(ts.SyntaxKind.Identifier)) {
    throw new Error(`no identifier ${seed.name} at ${seed.file}:${seed.line}:${column + 1}`);
  }
  const files = new Set<string>();
  for (const symbol of node.findReferences()) {
    for (const ref of symbol.getReferences()) {
      files.add(path.relative(root, ref.getSourceFile().getFilePath()).split(path.sep).join('/'));
    }
  }
  return [...files].sort();
}
