/**
 * Resolves import specifiers to workspace files without a type checker: relative paths, tsconfig
 * `paths`/`baseUrl`, and workspace package names (mapped from dist back to sources). Shared by the
 * syntactic import graph and the ts-morph project so both agree.
 */
import path from 'node:path';
import type { ts } from 'ts-morph';
import { exportTarget, splitPackageSpecifier, type WorkspacePackage } from './packageMap';
import { relativeInside } from './paths';
import { pathsBaseOf, type LoadedConfig } from './tsconfigLoader';

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts'];
/** With JavaScript in the workspace, what `allowJs` adds after them (`.mjs`/`.cjs` are always spelled out). */
const JS_EXTENSIONS = [...EXTENSIONS, '.js', '.jsx'];
/** Leading folders of build output that mirror `src/` (dist/esm/x.js → src/x.ts). */
const BUILD_DIRS = new Set(['dist', 'lib', 'build', 'out', 'types', 'esm', 'cjs', 'es', 'typings']);

interface PathRule {
  prefix: string;
  suffix: string;
  wildcard: boolean;
  substitutions: string[];
}

interface ConfigRules {
  rules: PathRule[];
  /** Absolute base for substitutions and for `baseUrl` lookups. */
  base: string | undefined;
  baseUrl: string | undefined;
}

export interface ResolverSetup {
  root: string;
  /** Every enumerated workspace file (relative). */
  files: ReadonlySet<string>;
  configs: LoadedConfig[];
  packages: Map<string, WorkspacePackage>;
  /** The workspace holds JavaScript files: specifiers may resolve to them, after TypeScript files (as tsc does). */
  js?: boolean;
  /** Files no config holds (tests, scripts outside `include`): they resolve with the nearest config's rules. */
  outside?: readonly string[];
}

export class ModuleResolver {
  private readonly ownerIndex = new Map<string, number>();
  private readonly rules: ConfigRules[];
  private readonly cache = new Map<string, string | undefined>();
  private readonly extensions: readonly string[];

  constructor(private readonly setup: ResolverSetup) {
    this.extensions = setup.js === true ? JS_EXTENSIONS : EXTENSIONS;
    this.indexOwners(setup.configs, setup.outside ?? []);
    this.rules = setup.configs.map((c) => compileRules(c.options));
  }

  /**
   * Files were created or deleted (`setup.files` already says which): answers cached so far may be wrong,
   * and `configs` (the same configs, listed again) say which one owns each file now.
   */
  filesChanged(configs: LoadedConfig[], outside: readonly string[] = []): void {
    this.cache.clear();
    this.ownerIndex.clear();
    this.indexOwners(configs, outside);
  }

  private indexOwners(configs: LoadedConfig[], outside: readonly string[]): void {
    configs.forEach((config, i) => {
      for (const f of config.fileNames) if (!this.ownerIndex.has(f)) this.ownerIndex.set(f, i);
    });
    for (const f of outside) {
      const owner = nearestConfig(configs, f);
      if (owner >= 0 && !this.ownerIndex.has(f)) this.ownerIndex.set(f, owner);
    }
  }

  /** Workspace file (relative) that `spec` imported from `fromFile` (relative) refers to. */
  resolve(fromFile: string, spec: string): string | undefined {
    const relative = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
    const owner = this.ownerIndex.get(fromFile) ?? -1;
    const key = relative ? `${path.posix.dirname(fromFile)}\0${spec}` : `${owner}\0${spec}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const result = relative
      ? this.tryFile(path.posix.join(path.posix.dirname(fromFile), spec))
      : this.resolveBare(spec, owner);
    this.cache.set(key, result);
    return result;
  }

  /** Shape ts-morph's resolution host expects: absolute file name plus extension. */
  resolveForCompiler(containingAbs: string, spec: string): ts.ResolvedModuleFull | undefined {
    const from = relativeInside(this.setup.root, containingAbs);
    if (from === undefined) return undefined;
    const hit = this.resolve(from, spec);
    if (hit === undefined) return undefined;
    const ext = /\.d\.[cm]?ts$/.exec(hit)?.[0] ?? path.posix.extname(hit);
    return {
      resolvedFileName: path.join(this.setup.root, hit),
      extension: ext as ts.Extension,
      isExternalLibraryImport: false,
    };
  }

  private resolveBare(spec: string, owner: number): string | undefined {
    const rules = owner >= 0 ? this.rules[owner] : undefined;
    if (rules !== undefined) {
      for (const rule of rules.rules) {
        const star = matchRule(rule, spec);
        if (star === undefined || rules.base === undefined) continue;
        for (const sub of rule.substitutions) {
          const hit = this.tryAbs(path.resolve(rules.base, sub.replace('*', star)));
          if (hit !== undefined) return hit;
        }
      }
      if (rules.baseUrl !== undefined) {
        const hit = this.tryAbs(path.resolve(rules.baseUrl, spec));
        if (hit !== undefined) return hit;
      }
    }
    return this.resolvePackage(spec);
  }

  private resolvePackage(spec: string): string | undefined {
    const split = splitPackageSpecifier(spec, this.setup.packages);
    if (split === undefined) return undefined;
    const { pkg, subpath } = split;
    const targets =
      subpath === '.'
        ? [...pkg.mainTargets, 'src/index', 'index']
        : [exportTarget(pkg, subpath), `src/${subpath.slice(2)}`, subpath.slice(2)];
    for (const target of targets) {
      if (target === undefined) continue;
      for (const candidate of sourceCandidates(target)) {
        const hit = this.tryFile(pkg.dir === '' ? candidate : `${pkg.dir}/${candidate}`);
        if (hit !== undefined) return hit;
      }
    }
    return undefined;
  }

  private tryAbs(abs: string): string | undefined {
    const rel = relativeInside(this.setup.root, abs);
    return rel === undefined ? undefined : this.tryFile(rel);
  }

  /**
   * A file by exact name, by TS extension (also for `.js` spellings, where the TypeScript source wins over
   * a JavaScript file of the same name, as in tsc), or as a folder's index.
   */
  private tryFile(relPath: string): string | undefined {
    const rel = path.posix.normalize(relPath).replace(/\/$/, '');
    if (rel.startsWith('../') || rel === '..') return undefined;
    const files = this.setup.files;
    const jsFiles = this.setup.js === true;
    if (!jsFiles && files.has(rel)) return rel;
    const js = /\.([mc]?)js(x?)$/.exec(rel);
    if (jsFiles && js === null && files.has(rel)) return rel;
    if (js !== null) {
      const base = rel.slice(0, -js[0].length);
      const exts =
        js[1] === 'm'
          ? ['.mts', '.d.mts']
          : js[1] === 'c'
            ? ['.cts', '.d.cts']
            : js[2]
              ? ['.tsx']
              : EXTENSIONS;
      for (const ext of exts) if (files.has(base + ext)) return base + ext;
      if (jsFiles && files.has(rel)) return rel;
    }
    const extensions = this.extensions;
    for (const ext of extensions) if (files.has(rel + ext)) return rel + ext;
    const prefix = rel === '.' || rel === '' ? '' : `${rel}/`;
    for (const ext of extensions) if (files.has(`${prefix}index${ext}`)) return `${prefix}index${ext}`;
    return undefined;
  }
}

function compileRules(options: ts.CompilerOptions): ConfigRules {
  const rules: PathRule[] = [];
  for (const [pattern, substitutions] of Object.entries(options.paths ?? {})) {
    const star = pattern.indexOf('*');
    rules.push({
      prefix: star < 0 ? pattern : pattern.slice(0, star),
      suffix: star < 0 ? '' : pattern.slice(star + 1),
      wildcard: star >= 0,
      substitutions,
    });
  }
  // tsc prefers the longest matching prefix; exact patterns beat wildcards.
  rules.sort((a, b) => Number(a.wildcard) - Number(b.wildcard) || b.prefix.length - a.prefix.length);
  return { rules, base: pathsBaseOf(options), baseUrl: options.baseUrl };
}

function matchRule(rule: PathRule, spec: string): string | undefined {
  if (!rule.wildcard) return spec === rule.prefix ? '' : undefined;
  if (spec.length < rule.prefix.length + rule.suffix.length) return undefined;
  if (!spec.startsWith(rule.prefix) || !spec.endsWith(rule.suffix)) return undefined;
  return spec.slice(rule.prefix.length, spec.length - rule.suffix.length);
}

/** A package target as written, without extension, and mapped from build output back to `src/`. */
function sourceCandidates(target: string): string[] {
  const t = path.posix.normalize(target.replace(/^\.\//, ''));
  const base = t.replace(/\.d\.[cm]?ts$|\.[cm]?[jt]sx?$/, '');
  const out = [t, base];
  const segments = base.split('/');
  let i = 0;
  while (i < segments.length - 1 && BUILD_DIRS.has(segments[i] ?? '')) i++;
  if (i > 0) {
    const rest = segments.slice(i).join('/');
    out.push(`src/${rest}`, rest);
  }
  return out;
}

/**
 * The config in the closest folder above `file` that holds files, else the first one that does (the root
 * options): what a file outside every `include` is resolved and checked with.
 */
export function nearestConfig(configs: readonly LoadedConfig[], file: string): number {
  let best = -1;
  let bestDepth = -1;
  configs.forEach((c, i) => {
    if (c.fileNames.length === 0) return;
    const dir = path.posix.dirname(c.file);
    const inside = dir === '.' || file.startsWith(`${dir}/`);
    const depth = dir === '.' ? 0 : dir.split('/').length;
    if (inside && depth > bestDepth) [best, bestDepth] = [i, depth];
  });
  return best >= 0 ? best : configs.findIndex((c) => c.fileNames.length > 0);
}
