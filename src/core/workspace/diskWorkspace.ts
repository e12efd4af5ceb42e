/**
 * The disk implementation of the Workspace port, over the file list `openWorkspace()` chose; the ts-morph
 * project starts empty. Every file is read once up front for its checks, hash and imports, but only texts
 * asked for through `readText` stay in memory: whole-workspace scans (`scanText`) re-read from disk, so
 * memory stays flat on large trees.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import type { Project, SourceFile, ts } from 'ts-morph';
import { sha256Hex } from './contentHash';
import { bytesHaveWord } from './byteScan';
import { checkFile, type FileCheck } from './fileCheck';
import { readFileShared } from './fileReader';
import { forgetImportGraph } from './importGraph';
import type { ImportRecord } from './importScan';
import { ModuleResolver } from './moduleResolver';
import { buildPackageMap } from './packageMap';
import { resolveInsideRoot } from './paths';
import { createWorkspaceProject } from './project';
import type { FileSelection } from './selectFiles';
import { decodeUtf8, wordRegExp } from './textChecks';
import type { LoadedConfig } from './tsconfigLoader';
import type { SkippedFile, Workspace, WorkspaceUpdate } from './workspace';

/** Names the byte-level word search handles (ASCII identifiers, as seeds are). */
const ASCII_WORD = /^[A-Za-z_$][\w$]*$/;

export type { SkippedFile } from './workspace';

export class DiskWorkspace implements Workspace {
  /** Texts read through `readText` (the ones workers and slices use); scans do not fill it. */
  private readonly texts = new Map<string, string>();
  /** sha256 of each file's bytes as first read, whichever path read them. */
  private readonly hashes = new Map<string, string>();
  /** Each enumerated file's load-time check (hash and imports, or why it is skipped), once read. */
  private readonly checks = new Map<string, FileCheck>();
  /** Import specifiers shared between files' records. */
  private readonly specifiers = new Map<string, string>();
  private readonly inProject = new Set<string>();
  /** Enumerated files (relative, sorted) before content checks; the resolver reads the same set. */
  private enumerated: string[];
  private readonly fileSet: Set<string>;
  /** Files outside every config (tests, scripts): listed when they import a listed file. */
  private outside: string[];
  /** What the resolver may resolve to: the enumerated files and the outside ones (kept in step with both). */
  private readonly resolvable: Set<string>;
  private earlySkips: SkippedFile[];
  private readonly configs: LoadedConfig[];
  /** Whether the files hold JavaScript (the projects then need `allowJs`). */
  private readonly holdsJs: boolean;
  readonly source: string;
  private validated: { files: string[]; skipped: SkippedFile[] } | undefined;
  private project: Project | undefined;
  private lightProject: Project | undefined;
  private readonly resolver: ModuleResolver;

  constructor(
    readonly root: string,
    private readonly realRoot: string,
    selection: FileSelection,
    private readonly maxFileBytes: number,
    /** Lists the files again under the same rules (an update after files appeared or disappeared). */
    private readonly reselect?: () => FileSelection,
  ) {
    this.enumerated = selection.files;
    this.fileSet = new Set(selection.files);
    this.outside = selection.outside;
    this.resolvable = new Set([...selection.files, ...selection.outside]);
    this.earlySkips = selection.earlySkips;
    this.configs = selection.configs;
    this.holdsJs = selection.holdsJs;
    this.source = selection.source;
    this.resolver = new ModuleResolver({
      root,
      files: this.resolvable,
      configs: this.configs,
      packages: buildPackageMap(root, selection.packageJsons),
      js: this.holdsJs,
      outside: this.outside,
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
    const check = this.checks.get(file);
    return check?.ok === true ? check.imports : undefined;
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
      this.checks.delete(file);
      for (const project of [this.project, this.lightProject]) {
        project?.getSourceFile(path.join(this.root, file))?.refreshFromFileSystemSync();
      }
    }
  }

  update(files: string[]): WorkspaceUpdate {
    this.validate();
    const touched = new Set(files);
    let next = this.enumerated;
    // A path not listed, or listed but gone, may change the list itself: list it again under the same rules.
    const listChanges = [...touched].some(
      (f) => !this.fileSet.has(f) || !fs.existsSync(path.join(this.root, f)),
    );
    if (listChanges) {
      const selection = this.reselect?.();
      if (selection === undefined)
        return { kind: 'reload', reason: 'this workspace cannot list its files again' };
      if (
        selection.source !== this.source ||
        selection.holdsJs !== this.holdsJs ||
        selection.files.length === 0
      ) {
        return { kind: 'reload', reason: 'the file list now comes from other configs' };
      }
      next = selection.files;
      this.outside = selection.outside;
      this.earlySkips = selection.earlySkips;
      this.configs.splice(0, this.configs.length, ...selection.configs);
    }
    const nextSet = new Set(next);
    const deleted = this.enumerated.filter((f) => !nextSet.has(f));
    const created = next.filter((f) => !this.fileSet.has(f));
    const changed = [...touched].filter((f) => nextSet.has(f) && this.fileSet.has(f)).sort();
    for (const f of deleted) this.fileSet.delete(f);
    for (const f of created) this.fileSet.add(f);
    this.enumerated = next;
    this.resolvable.clear();
    for (const f of [...next, ...this.outside]) this.resolvable.add(f);
    if (listChanges) this.resolver.filesChanged(this.configs, this.outside);
    for (const f of [...deleted, ...created, ...changed, ...touched]) {
      this.texts.delete(f);
      this.hashes.delete(f);
      this.checks.delete(f);
    }
    this.validated = undefined;
    this.validate();
    for (const f of new Set([...deleted, ...created, ...changed, ...touched])) this.refreshProjects(f);
    forgetImportGraph(this);
    return { kind: 'updated', changed, created, deleted };
  }

  /** Both projects' copy of a file follows the disk: re-read, or removed when it is no longer listed. */
  private refreshProjects(file: string): void {
    const listed = this.checks.get(file)?.ok === true;
    if (!listed) this.inProject.delete(file);
    for (const project of [this.project, this.lightProject]) {
      const sf = project?.getSourceFile(path.join(this.root, file));
      if (sf === undefined) continue;
      if (listed) sf.refreshFromFileSystemSync();
      else project?.removeSourceFile(sf);
    }
  }

  /**
   * Checks every enumerated file not checked yet (all of them on the first call): texts are not kept (a
   * 20 MB tree would stay resident); `readText` re-reads on demand.
   */
  private validate(): { files: string[]; skipped: SkippedFile[] } {
    if (this.validated !== undefined) return this.validated;
    const files: string[] = [];
    const skipped: SkippedFile[] = [...this.earlySkips];
    for (const rel of this.enumerated) {
      const check = this.checked(rel);
      if (check.ok) files.push(rel);
      else skipped.push({ file: rel, reason: check.reason });
    }
    files.push(...this.importingOutside(files));
    files.sort();
    this.validated = { files, skipped };
    return this.validated;
  }

  /**
   * Of the files outside every config, those importing a listed file, directly or through another such
   * file (a test helper): they can break when a listed file changes. The others are left out silently,
   * as files the configs do not hold always were.
   */
  private importingOutside(files: readonly string[]): string[] {
    const listed = new Set(files);
    let pending = this.outside.filter((rel) => this.checked(rel).ok);
    const added: string[] = [];
    for (let grew = true; grew;) {
      grew = false;
      pending = pending.filter((rel) => {
        const check = this.checks.get(rel);
        const imports = check?.ok === true ? check.imports : [];
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
      this.checks.delete(rel);
      this.hashes.delete(rel);
    }
    return added;
  }

  /** One file's load-time check, cached until the file changes. */
  private checked(rel: string): FileCheck {
    let check = this.checks.get(rel);
    if (check === undefined) {
      check = checkFile(this.root, rel, this.maxFileBytes, this.specifiers);
      this.checks.set(rel, check);
      if (check.ok && !this.hashes.has(rel)) this.hashes.set(rel, check.hash);
    }
    return check;
  }
}
