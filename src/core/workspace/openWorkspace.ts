/**
 * `openWorkspace()`: the disk implementation of the Workspace port. File lists come from tsconfig
 * (or a walk of the tree); texts are read lazily and cached; the ts-morph project starts empty.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Project, SourceFile, ts } from 'ts-morph';
import { OrchestraError } from '../errors';
import { globToRegExp, matchesAny, scanTree } from './fileScan';
import { forgetImportGraph } from './importGraph';
import { ModuleResolver } from './moduleResolver';
import { buildPackageMap } from './packageMap';
import { isTsFile, relativeInside, resolveInsideRoot, toPosix } from './paths';
import { createWorkspaceProject } from './project';
import { checkText, decodeUtf8, DEFAULT_MAX_FILE_BYTES, tooLargeReason } from './textChecks';
import { loadTsconfigs, type LoadedConfig } from './tsconfigLoader';
import type { OpenOptions, Workspace } from './workspace';

export type SkippedFile = { file: string; reason: string };

export class DiskWorkspace implements Workspace {
  private readonly texts = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  private readonly inProject = new Set<string>();
  private readonly fileSet: ReadonlySet<string>;
  private validated: { files: string[]; skipped: SkippedFile[] } | undefined;
  private project: Project | undefined;
  private lightProject: Project | undefined;
  private readonly resolver: ModuleResolver;

  constructor(
    readonly root: string,
    private readonly realRoot: string,
    readonly source: string,
    /** Enumerated files before content checks (relative, sorted). */
    private readonly enumerated: string[],
    private readonly earlySkips: SkippedFile[],
    private readonly configs: LoadedConfig[],
    packageJsons: string[],
    private readonly maxFileBytes: number,
  ) {
    this.fileSet = new Set(enumerated);
    this.resolver = new ModuleResolver({
      root,
      files: this.fileSet,
      configs,
      packages: buildPackageMap(root, packageJsons),
    });
  }

  listFiles(): string[] {
    return this.validate().files;
  }

  get skipped(): SkippedFile[] {
    return this.validate().skipped;
  }

  readText(file: string): string | undefined {
    const rel = this.texts.has(file) ? file : this.resolveInside(file);
    if (rel === undefined) return undefined;
    const cached = this.texts.get(rel);
    if (cached !== undefined) return cached;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(this.root, rel));
    } catch {
      return undefined; // missing or unreadable: the port says undefined
    }
    const text = decodeUtf8(bytes);
    if (text !== undefined) this.texts.set(rel, text);
    return text;
  }

  hashOf(file: string): string | undefined {
    const rel = this.texts.has(file) ? file : this.resolveInside(file);
    if (rel === undefined) return undefined;
    const known = this.hashes.get(rel);
    if (known !== undefined) return known;
    const text = this.readText(rel);
    if (text === undefined) return undefined;
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    this.hashes.set(rel, hash);
    return hash;
  }

  resolveInside(file: string): string | undefined {
    return resolveInsideRoot(this.root, this.realRoot, file);
  }

  resolveImport(fromFile: string, specifier: string): string | undefined {
    return this.resolver.resolve(fromFile, specifier);
  }

  getProject(): Project {
    this.project ??= createWorkspaceProject(this.compilerOptions(), this.resolver, 'full', this.root);
    return this.project;
  }

  queryProject(): Project {
    this.lightProject ??= createWorkspaceProject(this.compilerOptions(), this.resolver, 'query', this.root);
    return this.lightProject;
  }

  private compilerOptions(): ts.CompilerOptions | undefined {
    return this.configs.find((c) => c.fileNames.length > 0)?.options;
  }

  addToProject(files: string[]): void {
    const project = this.getProject();
    for (const file of files) {
      if (this.inProject.has(file)) continue;
      this.inProject.add(file);
      project.addSourceFileAtPathIfExists(path.join(this.root, file));
    }
  }

  /** The project's copy of a workspace file, adding it on first use. */
  sourceFileOf(file: string): SourceFile | undefined {
    this.addToProject([file]);
    return this.getProject().getSourceFile(path.join(this.root, file));
  }

  forget(files: string[]): void {
    forgetImportGraph(this);
    for (const file of files) {
      this.texts.delete(file);
      this.hashes.delete(file);
      for (const project of [this.project, this.lightProject]) {
        project?.getSourceFile(path.join(this.root, file))?.refreshFromFileSystemSync();
      }
    }
  }

  /** Reads every enumerated file once (size, UTF-8, minified checks); the texts stay cached. */
  private validate(): { files: string[]; skipped: SkippedFile[] } {
    if (this.validated !== undefined) return this.validated;
    const files: string[] = [];
    const skipped: SkippedFile[] = [...this.earlySkips];
    for (const rel of this.enumerated) {
      const abs = path.join(this.root, rel);
      let lenient: string;
      try {
        // No stat first: one read is ~2× faster over thousands of files, and huge files are rare.
        lenient = fs.readFileSync(abs, 'utf8');
      } catch {
        skipped.push({ file: rel, reason: 'unreadable' });
        continue;
      }
      const size = byteLength(lenient, this.maxFileBytes);
      if (size > this.maxFileBytes) {
        skipped.push({ file: rel, reason: tooLargeReason(size, this.maxFileBytes) });
        continue;
      }
      const check = checkText(lenient, () => fs.readFileSync(abs));
      if (!check.ok) {
        skipped.push({ file: rel, reason: check.reason });
        continue;
      }
      if (!this.texts.has(rel)) this.texts.set(rel, check.text);
      files.push(rel);
    }
    this.validated = { files, skipped };
    return this.validated;
  }
}

/** UTF-8 size of a text; its length is enough when even 3 bytes per code unit stays within `max`. */
function byteLength(text: string, max: number): number {
  // A UTF-16 code unit takes 1 to 3 bytes in UTF-8.
  if (text.length * 3 <= max) return text.length;
  return Buffer.byteLength(text, 'utf8');
}

export async function openWorkspace(root: string, options: OpenOptions = {}): Promise<DiskWorkspace> {
  const absRoot = path.resolve(root);
  let realRoot: string;
  try {
    if (!fs.statSync(absRoot).isDirectory()) throw new Error('not a folder');
    realRoot = fs.realpathSync(absRoot);
  } catch {
    throw new OrchestraError('no-project', `Cannot open ${root}: it is not a folder. Open a project folder.`);
  }
  const scan = scanTree(absRoot);
  const earlySkips: SkippedFile[] = [];
  let files: string[];
  let source = 'glob';
  let configs: LoadedConfig[] = [];
  const load = scan.tsconfigs.length > 0 ? loadTsconfigs(absRoot, scan) : undefined;
  const withFiles = load?.configs.filter((c) => c.fileNames.length > 0) ?? [];
  if (load !== undefined) earlySkips.push(...load.problems);
  if (load !== undefined && withFiles.length > 0) {
    configs = load.configs;
    source = withFiles.map((c) => c.file).join(', ');
    files = [...new Set(withFiles.flatMap((c) => c.fileNames))].filter(isTsFile);
    for (const c of load.configs) {
      for (const f of c.outsideFiles) {
        const rel = relativeInside(absRoot, f);
        if (rel !== undefined && /\.d\.[cm]?ts$/.test(rel)) {
          earlySkips.push({ file: rel, reason: 'declaration file from node_modules' });
        }
      }
    }
  } else {
    files = scan.tsFiles;
  }
  if (options.include !== undefined && options.include.length > 0) {
    const include = options.include.map(globToRegExp);
    files = [...new Set([...files, ...scan.tsFiles.filter((f) => matchesAny(f, include))])];
  }
  if (options.exclude !== undefined && options.exclude.length > 0) {
    const exclude = options.exclude.map(globToRegExp);
    files = files.filter((f) => !matchesAny(f, exclude));
  }
  if (files.length === 0) {
    throw new OrchestraError(
      'no-project',
      `No TypeScript files found in ${root}: open a folder with a tsconfig.json or .ts files`,
    );
  }
  files.sort();
  return new DiskWorkspace(
    absRoot,
    realRoot,
    toPosix(source),
    files,
    earlySkips,
    configs,
    scan.packageJsons,
    options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  );
}
