/**
 * The disk implementation of the Workspace port, over the file list `openWorkspace()` chose; the ts-morph
 * project starts empty. Every file is read once up front for its checks, hash and imports, but only texts
 * asked for through `readText` stay in memory: whole-workspace scans (`scanText`) re-read from disk, so
 * memory stays flat on large trees.
 */
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { Project, SourceFile, ts } from 'ts-morph';
import { sha256Hex } from './contentHash';
import { bytesHaveWord, checkBytes, scanImportBytes } from './byteScan';
import { readFileShared } from './fileReader';
import { forgetImportGraph } from './importGraph';
import { scanImports, type ImportRecord } from './importScan';
import { ModuleResolver } from './moduleResolver';
import { buildPackageMap } from './packageMap';
import { resolveInsideRoot } from './paths';
import { err, ok, type Result } from '../result';
import { createWorkspaceProject } from './project';
import { decodeUtf8, tooLargeReason, wordRegExp } from './textChecks';
import type { LoadedConfig } from './tsconfigLoader';
import type { Workspace } from './workspace';

/** Names the byte-level word search handles (ASCII identifiers, as seeds are). */
const ASCII_WORD = /^[A-Za-z_$][\w$]*$/;

export type SkippedFile = { file: string; reason: string };

export class DiskWorkspace implements Workspace {
  /** Texts read through `readText` (the ones workers and slices use); scans do not fill it. */
  private readonly texts = new Map<string, string>();
  /** sha256 of each file's bytes as first read, whichever path read them. */
  private readonly hashes = new Map<string, string>();
  /** Import records found while validating, so the import graph needs no second read. */
  private readonly imports = new Map<string, ImportRecord[]>();
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
    /** Whether `enumerated` holds JavaScript files (the projects then need `allowJs`). */
    private readonly holdsJs = false,
    /** Files outside every config: listed when they import a listed file (tests, scripts). */
    private readonly outside: readonly string[] = [],
  ) {
    this.fileSet = new Set(enumerated);
    this.resolver = new ModuleResolver({
      root,
      files: outside.length > 0 ? new Set([...enumerated, ...outside]) : this.fileSet,
      configs,
      packages: buildPackageMap(root, packageJsons),
      js: holdsJs,
      outside,
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
    const text = this.readFromDisk(rel);
    if (text !== undefined) this.texts.set(rel, text);
    return text;
  }

  /** Current text for a one-off scan (prefilter): served from the cache when there, else read and dropped. */
  scanText(file: string): string | undefined {
    const rel = this.texts.has(file) ? file : this.resolveInside(file);
    if (rel === undefined) return undefined;
    return this.texts.get(rel) ?? this.readFromDisk(rel);
  }

  /**
   * Whether the file's current text has `word` as a whole word (the prefilter), without decoding or
   * keeping it; undefined when it cannot be read as UTF-8.
   */
  hasWord(file: string, word: string): boolean | undefined {
    // A listed file was enumerated by this workspace (and already read by `validate`): no realpath walk
    // per file, which was most of the prefilter's allocation on thousands of files.
    const rel = this.texts.has(file) || this.fileSet.has(file) ? file : this.resolveInside(file);
    if (rel === undefined) return undefined;
    const cached = this.texts.get(rel);
    if (cached !== undefined || !ASCII_WORD.test(word)) {
      const text = cached ?? this.scanText(rel);
      return text === undefined ? undefined : text.includes(word) && wordRegExp(word).test(text);
    }
    let bytes: Buffer;
    try {
      bytes = readFileShared(path.join(this.root, rel));
    } catch {
      return undefined;
    }
    if (!isUtf8(bytes) || bytes.includes(0)) return undefined;
    if (!this.hashes.has(rel)) this.hashes.set(rel, sha256Hex(bytes));
    return bytesHaveWord(bytes, word);
  }

  /** Imports found when the file was validated (undefined if it was not). */
  importsOf(file: string): ImportRecord[] | undefined {
    this.validate();
    return this.imports.get(file);
  }

  hashOf(file: string): string | undefined {
    const rel = this.texts.has(file) ? file : this.resolveInside(file);
    if (rel === undefined) return undefined;
    const known = this.hashes.get(rel);
    if (known !== undefined) return known;
    return this.readText(rel) !== undefined ? this.hashes.get(rel) : undefined;
  }

  /** Strict UTF-8 text of a file, recording its hash on the first read; undefined if missing or not text. */
  private readFromDisk(rel: string): string | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileShared(path.join(this.root, rel));
    } catch {
      return undefined; // missing or unreadable: the port says undefined
    }
    const text = decodeUtf8(bytes);
    if (text !== undefined && !this.hashes.has(rel)) this.hashes.set(rel, sha256Hex(bytes));
    return text;
  }

  resolveInside(file: string): string | undefined {
    return resolveInsideRoot(this.root, this.realRoot, file);
  }

  resolveImport(fromFile: string, specifier: string): string | undefined {
    return this.resolver.resolve(fromFile, specifier);
  }

  getProject(): Project {
    this.project ??= createWorkspaceProject(
      this.compilerOptions(),
      this.resolver,
      'full',
      this.root,
      this.holdsJs,
    );
    return this.project;
  }

  queryProject(): Project {
    this.lightProject ??= createWorkspaceProject(
      this.compilerOptions(),
      this.resolver,
      'query',
      this.root,
      this.holdsJs,
    );
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
      this.imports.delete(file);
      for (const project of [this.project, this.lightProject]) {
        project?.getSourceFile(path.join(this.root, file))?.refreshFromFileSystemSync();
      }
    }
  }

  /**
   * Reads every enumerated file once: size, UTF-8 and minified checks, the hash of its bytes and its
   * import records. Texts are not kept (a 20 MB tree would stay resident); `readText` re-reads on demand.
   */
  private validate(): { files: string[]; skipped: SkippedFile[] } {
    if (this.validated !== undefined) return this.validated;
    const files: string[] = [];
    const skipped: SkippedFile[] = [...this.earlySkips];
    const specifiers = new Map<string, string>();
    for (const rel of this.enumerated) {
      const read = this.readChecked(rel, specifiers);
      if (read.ok) files.push(rel);
      else skipped.push({ file: rel, reason: read.error });
    }
    files.push(...this.importingOutside(files, specifiers));
    files.sort();
    this.validated = { files, skipped };
    return this.validated;
  }

  /**
   * Of the files outside every config, those importing a listed file, directly or through another such
   * file (a test helper): they can break when a listed file changes. The others are left out silently,
   * as files the configs do not hold always were.
   */
  private importingOutside(files: readonly string[], specifiers: Map<string, string>): string[] {
    const listed = new Set(files);
    let pending = this.outside.filter((rel) => this.readChecked(rel, specifiers).ok);
    const added: string[] = [];
    for (let grew = true; grew;) {
      grew = false;
      pending = pending.filter((rel) => {
        const imports = this.imports.get(rel) ?? [];
        const reaches = imports.some((r) => {
          const to = this.resolver.resolve(rel, r.specifier);
          return to !== undefined && listed.has(to);
        });
        if (!reaches) return true;
        listed.add(rel);
        added.push(rel);
        grew = true;
        return false;
      });
    }
    for (const rel of pending) {
      this.imports.delete(rel);
      this.hashes.delete(rel);
    }
    return added;
  }

  /**
   * One file's read for the listing: size, UTF-8 and minified checks, its hash and import records (kept);
   * the error is the reason it is skipped.
   */
  private readChecked(rel: string, specifiers: Map<string, string>): Result<void> {
    let bytes: Buffer;
    try {
      // No stat first: one read is ~2× faster over thousands of files, and huge files are rare. The
      // bytes are a shared view: decoded, hashed and scanned here, never kept.
      bytes = readFileShared(path.join(this.root, rel));
    } catch {
      return err('unreadable');
    }
    if (bytes.length > this.maxFileBytes) return err(tooLargeReason(bytes.length, this.maxFileBytes));
    const check = checkBytes(bytes);
    if (!check.ok) return err(check.error);
    // The text decodes these bytes exactly (strict UTF-8, BOM kept), so this is also sha256(text).
    if (!this.hashes.has(rel)) this.hashes.set(rel, sha256Hex(bytes));
    const records = check.value !== undefined ? scanImports(check.value) : scanImportBytes(bytes);
    this.imports.set(rel, detached(records, specifiers));
    return ok(undefined);
  }
}

/**
 * Import records that do not keep their file's text alive: V8 returns longer regex captures as slices
 * of the source string, so each specifier is copied once (and shared between files).
 */
function detached(records: ImportRecord[], specifiers: Map<string, string>): ImportRecord[] {
  return records.map((r) => {
    let specifier = specifiers.get(r.specifier);
    if (specifier === undefined) {
      specifier = Buffer.from(r.specifier, 'utf8').toString('utf8');
      specifiers.set(specifier, specifier);
    }
    return { specifier, kind: r.kind, typeOnly: r.typeOnly };
  });
}
