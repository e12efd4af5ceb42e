/**
 * A deterministic synthetic monorepo for the facts benchmarks: packages in layers (model → data → service
 * → api), barrels (`src/index.ts` with `export *`), `@synth/*` path mapping, a few hub modules every
 * package leans on, and one target symbol (`AccountRecord`) referenced from ~5% of files. Some files only
 * mention the name in comments/strings, and a few declare an unrelated local `AccountRecord`, so a text
 * scan over-approximates and only the checker gets the exact set — as in real code bases.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WORK_DIR } from './paths';
import { rng, type Rng } from './rng';
import { moduleSource, type ModuleSpec } from './syntheticSource';

export interface SyntheticOptions {
  files: number;
  seed?: number;
  /** Share of files that reference the target symbol (default 0.05). */
  targetShare?: number;
}

export interface SyntheticWorkspace {
  root: string;
  tsconfig: string;
  /** TypeScript files written (including barrels and hubs). */
  fileCount: number;
  target: { name: string; file: string; line: number };
  /** The most imported public module's interface: the warm second query. */
  second: { name: string; file: string; line: number };
  /** Relative paths of files that really reference the target (definition and re-export included). */
  referenceFiles: string[];
  textOnlyFiles: string[];
  decoyFiles: string[];
}

/** Bump when the generated text changes so cached workspaces are regenerated. */
const GENERATOR_VERSION = 4;
const TARGET = 'AccountRecord';
const LAYERS = ['model', 'data', 'service', 'api'] as const;
const LAYER_SHARE = [0.3, 0.3, 0.25, 0.15];
const NOUNS = ['invoice', 'ledger', 'shipment', 'catalog', 'cart', 'coupon', 'review', 'widget', 'report'];
const MORE_NOUNS = [
  'session',
  'ticket',
  'vendor',
  'budget',
  'channel',
  'payload',
  'quota',
  'route',
  'tenant',
];
const PACKAGES = ['shared', 'billing', 'shipping', 'catalog', 'checkout', 'search', 'reviews', 'identity'];
const MORE_PACKAGES = ['reporting', 'inventory', 'messaging', 'analytics', 'admin', 'pricing', 'support'];

/** Generates (or reuses) the workspace under bench/.work/. */
export function ensureSynthetic(options: SyntheticOptions): SyntheticWorkspace {
  const seed = options.seed ?? 42;
  const share = options.targetShare ?? 0.05;
  const name = `synthetic-${options.files}-s${seed}-p${Math.round(share * 1000)}-v${GENERATOR_VERSION}`;
  const root = path.join(WORK_DIR, name);
  const manifest = path.join(root, 'synthetic.json');
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as SyntheticWorkspace;

  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const generated = generate(tmp, options.files, rng(seed), share);
  const result: SyntheticWorkspace = { ...generated, root, tsconfig: path.join(root, 'tsconfig.json') };
  writeFileSync(path.join(tmp, 'synthetic.json'), JSON.stringify(result, null, 2));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return result;
}

interface Module extends ModuleSpec {
  pkg: number;
  layer: number;
  /** Re-exported by the package barrel, so other packages may import it. */
  public: boolean;
}

function generate(
  dir: string,
  total: number,
  r: Rng,
  share: number,
): Omit<SyntheticWorkspace, 'root' | 'tsconfig'> {
  const packageCount = Math.max(4, Math.round(total / 250));
  const pkgNames = Array.from({ length: packageCount }, (_, i) => packageName(i));
  const shared = `packages/${pkgNames[0]}/src`;
  // Fixed files: shared hubs + one barrel per package; the rest are ordinary modules.
  const hubFiles = ['core/result.ts', 'core/logger.ts', 'core/ids.ts', 'core/clock.ts', 'core/account.ts'];
  const moduleCount = Math.max(packageCount, total - hubFiles.length - packageCount);
  const modules: Module[] = [];
  for (let i = 0; i < moduleCount; i++) {
    const pkg = i % packageCount;
    const layer = pickLayer((Math.floor(i / packageCount) * 7919) % 1000);
    const noun = pick(r, NOUNS.concat(MORE_NOUNS));
    const isTest = layer === 3 && r() < 0.35;
    const file = `packages/${pkgNames[pkg]}/src/${LAYERS[layer]}/${noun}${i}${isTest ? '.test' : ''}.ts`;
    const hubFrom = (hub: 'result' | 'logger' | 'account'): string =>
      pkg === 0 ? relImport(file, `${shared}/core/${hub}.ts`) : '@synth/shared';
    modules.push({
      ...{ index: i, pkg, layer, file, typeName: `${cap(noun)}${i}`, deps: [], isTest, hubFrom },
      ...{ public: !isTest && (layer === 0 || layer === 2), useResult: false, useLogger: false },
      ...{ target: undefined, textOnly: false, decoy: false, lookalike: false, filler: 0 },
    });
  }

  // Dependencies: earlier modules of lower-or-same layer in the package, public modules of packages
  // with a lower index (through their barrel), and hubs.
  const byPkg = pkgNames.map((_, p) => modules.filter((m) => m.pkg === p));
  const publicByPkg = byPkg.map((list) => list.filter((m) => m.public));
  for (const m of modules) {
    const wanted = 2 + Math.floor(r() * 5);
    const seen = new Set<number>();
    for (let attempt = 0; attempt < wanted * 3 && m.deps.length < wanted; attempt++) {
      const crossPackage = m.pkg > 0 && r() < 0.35;
      const pool = crossPackage
        ? (publicByPkg[Math.floor(r() * m.pkg)] ?? [])
        : (byPkg[m.pkg] ?? []).filter((d) => d.index < m.index && d.layer <= m.layer && !d.isTest);
      const dep = pool.length > 0 ? pool[Math.floor(r() * pool.length)] : undefined;
      if (dep === undefined || seen.has(dep.index)) continue;
      seen.add(dep.index);
      const from = crossPackage ? `@synth/${pkgNames[dep.pkg]}` : relImport(m.file, dep.file);
      m.deps.push({ typeName: dep.typeName, from });
    }
    m.useResult = r() < 0.3;
    m.useLogger = r() < 0.2;
    const roll = r();
    const how = r();
    m.target = roll < share ? (how < 0.5 ? 'barrel' : how < 0.8 ? 'direct-type' : 'direct') : undefined;
    m.textOnly = roll >= share && roll < share + 0.012;
    m.decoy = roll >= share + 0.012 && roll < share + 0.015;
    m.lookalike = r() < 0.01;
    m.filler = 3 + Math.floor(r() * 6);
  }

  const write = (rel: string, text: string): void => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  write('tsconfig.json', TSCONFIG);
  for (const [file, text] of Object.entries(hubSources())) write(`${shared}/${file}`, text);
  for (let p = 0; p < packageCount; p++) {
    const lines = (publicByPkg[p] ?? []).map(
      (m) => `export * from './${stripTs(m.file.split('/src/')[1]!)}';`,
    );
    if (p === 0) {
      // The target is re-exported by name (a real 're-export' reference); other hubs with `export *`.
      lines.unshift(
        ...hubFiles.filter((f) => f !== 'core/account.ts').map((f) => `export * from './${stripTs(f)}';`),
      );
      lines.unshift(
        "export { isAccountRecord, newAccountRecord, type AccountRecord } from './core/account';",
      );
    }
    write(`packages/${pkgNames[p]}/src/index.ts`, `${lines.join('\n')}\n`);
  }
  for (const m of modules) write(m.file, moduleSource(m));

  const dependents = new Map<string, number>();
  for (const m of modules)
    for (const d of m.deps) dependents.set(d.typeName, (dependents.get(d.typeName) ?? 0) + 1);
  const hub = modules
    .filter((m) => m.public)
    .sort((a, b) => (dependents.get(b.typeName) ?? 0) - (dependents.get(a.typeName) ?? 0))[0]!;
  const hubLine = moduleSource(hub).split('\n').indexOf(`export interface ${hub.typeName} {`) + 1;

  const referenceFiles = [`${shared}/core/account.ts`, `${shared}/index.ts`];
  referenceFiles.push(...modules.filter((m) => m.target !== undefined).map((m) => m.file));
  return {
    fileCount: hubFiles.length + packageCount + modules.length,
    target: { name: TARGET, file: `${shared}/core/account.ts`, line: ACCOUNT_LINE },
    second: { name: hub.typeName, file: hub.file, line: hubLine },
    referenceFiles: referenceFiles.sort(),
    textOnlyFiles: modules.filter((m) => m.textOnly).map((m) => m.file),
    decoyFiles: modules.filter((m) => m.decoy).map((m) => m.file),
  };
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'preserve',
      moduleResolution: 'bundler',
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      paths: { '@synth/*': ['./packages/*/src/index.ts'] },
    },
    include: ['packages'],
  },
  null,
  2,
)}\n`;

/** 1-based line of `export interface AccountRecord` in core/account.ts (keep in sync with the text). */
const ACCOUNT_LINE = 3;

function hubSources(): Record<string, string> {
  return {
    'core/account.ts': [
      "import type { Clock } from './clock';",
      '',
      'export interface AccountRecord {',
      '  id: string;',
      '  email: string;',
      '  createdAt: number;',
      '  roles: readonly string[];',
      '}',
      '',
      'export function isAccountRecord(value: unknown): value is AccountRecord {',
      "  return typeof value === 'object' && value !== null && 'id' in value && 'email' in value;",
      '}',
      '',
      'export function newAccountRecord(id: string, email: string, clock: Clock): AccountRecord {',
      '  return { id, email, createdAt: clock.now(), roles: [] };',
      '}',
      '',
    ].join('\n'),
    'core/clock.ts':
      'export interface Clock {\n  now(): number;\n}\n\nexport const systemClock: Clock = { now: () => Date.now() };\n',
    'core/ids.ts':
      'let counter = 0;\n\nexport function newId(prefix: string): string {\n  counter += 1;\n  return `${prefix}_${counter.toString(36)}`;\n}\n',
    'core/logger.ts': [
      'export interface Logger {',
      '  info(message: string, data?: Record<string, unknown>): void;',
      '  warn(message: string, data?: Record<string, unknown>): void;',
      '}',
      '',
      'export function createLogger(scope: string): Logger {',
      '  const lines: string[] = [];',
      '  return {',
      '    info: (message) => void lines.push(`[${scope}] ${message}`),',
      '    warn: (message) => void lines.push(`[${scope}] WARN ${message}`),',
      '  };',
      '}',
      '',
    ].join('\n'),
    'core/result.ts': [
      'export type Result<T> = { ok: true; value: T } | { ok: false; error: string };',
      '',
      'export function ok<T>(value: T): Result<T> {',
      '  return { ok: true, value };',
      '}',
      '',
      'export function err<T>(error: string): Result<T> {',
      '  return { ok: false, error };',
      '}',
      '',
    ].join('\n'),
  };
}

function packageName(i: number): string {
  const names = PACKAGES.concat(MORE_PACKAGES);
  return i < names.length ? names[i]! : `${names[i % names.length]}${Math.floor(i / names.length)}`;
}

function pickLayer(permille: number): number {
  let acc = 0;
  for (let i = 0; i < LAYER_SHARE.length; i++) {
    acc += LAYER_SHARE[i]! * 1000;
    if (permille < acc) return i;
  }
  return LAYERS.length - 1;
}

function relImport(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function stripTs(file: string): string {
  return file.replace(/\.ts$/, '');
}

function pick<T>(r: Rng, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
