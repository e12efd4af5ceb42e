/**
 * The type check's own programs: plain TypeScript programs with the workspace project's compiler options and
 * module resolution, rooted at the files to check, short-lived (nothing is added to `ws.getProject()`, so a
 * check leaves no parsed files behind between rounds). One `CheckHost` serves the baseline and the changed
 * program of one comparison: a file whose text is the same in both is parsed once; lib files are parsed once
 * per process and shared by every check. JSDoc is parsed as tsc parses it (only where it carries types), a
 * third less memory on documented code.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Diagnostic, RelatedLocation } from '../stageTypes';
import type { Workspace } from '../workspace/workspace';
import { createdTarget, PackageLookup } from './movedSpecifiers';

/** Where ts-morph serves its bundled lib files (its module resolution host reads them from there). */
const LIB_DIR = '/node_modules/typescript/lib';
const JSDOC = ts.JSDocParsingMode.ParseForTypeErrors;

/** Lib files keyed by path and parse options: the same text for every check. */
const libFiles = new Map<string, ts.SourceFile>();

export class CheckHost {
  private readonly options: ts.CompilerOptions;
  private readonly disk: ts.ModuleResolutionHost;
  /** Parsed files of this comparison, by path and parse options, with the text they were parsed from. */
  private readonly parsed = new Map<string, ts.SourceFile>();
  private overlay: ReadonlyMap<string, string> = new Map();
  /** Overlay files not on disk (a move's new path, a created file), which the workspace resolver cannot see. */
  private created: string[] = [];
  private readonly packages: PackageLookup;

  constructor(private readonly ws: Workspace) {
    const project = ws.getProject();
    this.options = { ...project.compilerOptions.get(), noEmit: true };
    this.disk = project.getModuleResolutionHost();
    this.packages = new PackageLookup(ws.root);
  }

  /** A program rooted at `roots` (workspace-relative), with `overlay` texts in place of the workspace's. */
  program(roots: readonly string[], overlay: ReadonlyMap<string, string> = new Map()): ts.Program {
    this.overlay = new Map([...overlay].map(([file, text]) => [this.abs(file), text]));
    this.created = [...overlay.keys()].filter((f) => this.ws.readText(f) === undefined);
    const program = ts.createProgram({
      rootNames: roots.map((f) => this.abs(f)),
      options: this.options,
      host: this.compilerHost(),
    });
    this.overlay = new Map();
    this.created = [];
    return program;
  }

  /** Workspace-relative files a program holds (libs and files outside the root left out). */
  workspaceFiles(program: ts.Program): string[] {
    const out: string[] = [];
    for (const sf of program.getSourceFiles()) {
      const rel = this.rel(sf.fileName);
      if (rel !== undefined) out.push(rel);
    }
    return out.sort();
  }

  private abs(file: string): string {
    return path.resolve(this.ws.root, file).replace(/\\/g, '/');
  }

  private rel(abs: string): string | undefined {
    const rel = path.relative(this.ws.root, abs);
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.replace(/\\/g, '/');
  }

  private readFile(abs: string): string | undefined {
    const overlaid = this.overlay.get(abs);
    if (overlaid !== undefined) return overlaid;
    const rel = this.rel(abs);
    // A one-off read where the workspace offers one: the program keeps the text, the workspace need not.
    const text = rel === undefined ? undefined : (this.ws.scanText?.(rel) ?? this.ws.readText(rel));
    return text ?? this.disk.readFile(abs);
  }

  private overlayHasDir(dir: string): boolean {
    const prefix = `${dir.replace(/\\/g, '/').replace(/\/+$/, '')}/`;
    for (const file of this.overlay.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }

  private fileExists(abs: string): boolean {
    return this.overlay.has(abs) || this.disk.fileExists(abs);
  }

  private sourceFile(
    fileName: string,
    target: ts.ScriptTarget | ts.CreateSourceFileOptions,
  ): ts.SourceFile | undefined {
    const options: ts.CreateSourceFileOptions =
      typeof target === 'object'
        ? { ...target, jsDocParsingMode: JSDOC }
        : { languageVersion: target, jsDocParsingMode: JSDOC };
    const key = `${fileName}\u0000${options.languageVersion}\u0000${options.impliedNodeFormat ?? ''}`;
    const lib = fileName.startsWith(`${LIB_DIR}/`);
    const cache = lib ? libFiles : this.parsed;
    const known = cache.get(key);
    const text = lib && known !== undefined ? known.text : this.readFile(fileName);
    if (text === undefined) return undefined;
    if (known !== undefined && known.text === text) return known;
    const sf = ts.createSourceFile(fileName, text, options);
    cache.set(key, sf);
    return sf;
  }

  private compilerHost(): ts.CompilerHost {
    const resolveOne = (name: string, containing: string): ts.ResolvedModuleFull | undefined => {
      const from = this.rel(containing);
      const hit =
        from === undefined
          ? undefined
          : (this.ws.resolveImport?.(from, name) ?? createdTarget(this.packages, name, this.created));
      if (hit !== undefined) {
        const ext = /\.d\.[cm]?ts$/.exec(hit)?.[0] ?? path.posix.extname(hit);
        return {
          resolvedFileName: this.abs(hit),
          extension: ext as ts.Extension,
          isExternalLibraryImport: false,
        };
      }
      return ts.resolveModuleName(name, containing, this.options, moduleHost).resolvedModule;
    };
    const moduleHost = {
      fileExists: (f) => this.fileExists(f),
      readFile: (f) => this.readFile(f),
      // A created file's folder may exist only in the overlay (a move into a new folder).
      directoryExists: (d) => this.overlayHasDir(d) || (this.disk.directoryExists?.(d) ?? true),
      getDirectories: (d) => this.disk.getDirectories?.(d) ?? [],
      realpath: (f) => this.disk.realpath?.(f) ?? f,
      getCurrentDirectory: (): string => this.ws.root,
    } satisfies ts.ModuleResolutionHost;
    return {
      ...moduleHost,
      getSourceFile: (fileName, target) => this.sourceFile(fileName, target),
      getDefaultLibFileName: (o) => `${LIB_DIR}/${ts.getDefaultLibFileName(o)}`,
      getDefaultLibLocation: () => LIB_DIR,
      writeFile: () => undefined,
      getCanonicalFileName: (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      getNewLine: () => '\n',
      resolveModuleNames: (names, containing) => names.map((n) => resolveOne(n, containing)),
      jsDocParsingMode: JSDOC,
    };
  }
}

/** Syntactic + semantic diagnostics of the given workspace-relative files that the program holds. */
export function programDiagnostics(
  program: ts.Program,
  files: readonly string[],
  root: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(path.resolve(root, file).replace(/\\/g, '/'));
    if (sf === undefined) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const line =
        d.file !== undefined && d.start !== undefined
          ? d.file.getLineAndCharacterOfPosition(d.start).line + 1
          : 0;
      const related = relatedLocations(d, root);
      out.push({
        file,
        line,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
        ...(related.length > 0 ? { related } : {}),
      });
    }
  }
  return out;
}

/** Where a diagnostic's related information points, inside the workspace (not in libraries). */
export function relatedLocations(d: ts.Diagnostic, root: string): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const r of d.relatedInformation ?? []) {
    if (r.file === undefined || r.start === undefined) continue;
    const file = path.relative(root, r.file.fileName).split(path.sep).join('/');
    if (file.startsWith('..') || path.isAbsolute(file) || file.includes('node_modules/')) continue;
    const line = r.file.getLineAndCharacterOfPosition(r.start).line + 1;
    out.push({ file, line, message: ts.flattenDiagnosticMessageText(r.messageText, '\n') });
  }
  return out;
}
