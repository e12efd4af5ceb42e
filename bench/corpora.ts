/**
 * Real code bases for the facts benchmarks, fetched once with `npm pack` (the ordinary registry client)
 * into bench/.work/ and reused across runs, so later runs work offline. Only `package/src/**\/*.ts` is kept;
 * a tsconfig is written next to it so every approach (ours, the naive one, tsc) sees the same file set.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { WORK_DIR } from './paths';

export interface QuerySeed {
  name: string;
  /** Relative path of the declaring file and a pattern for the declaration line. */
  file: string;
  declaration: RegExp;
}

export interface CorpusSpec {
  id: string;
  pkg: string;
  version: string;
  size: 'small' | 'medium' | 'large';
  /** The symbol queried cold, and a second one for the warm query. */
  seed: QuerySeed;
  second: QuerySeed;
}

export interface LocatedSeed {
  name: string;
  file: string;
  /** 1-based line of the declaration. */
  line: number;
}

export interface Corpus {
  id: string;
  label: string;
  root: string;
  tsconfig: string;
  fileCount: number;
  seed: LocatedSeed;
  second: LocatedSeed;
}

const decl = (name: string, kind = '(?:class|interface|type|const|function)'): RegExp =>
  new RegExp(`^export (?:declare )?(?:abstract )?${kind} ${name.replace(/\$/g, '\\$')}\\b`);

/** Symbols picked by a scan of each code base: declared once, used across many files. */
export const CORPORA: CorpusSpec[] = [
  {
    ...{ id: 'query-core', pkg: '@tanstack/query-core', version: '5.108.4', size: 'small' },
    seed: { name: 'QueryClient', file: 'src/queryClient.ts', declaration: decl('QueryClient', 'class') },
    second: {
      name: 'QueryObserver',
      file: 'src/queryObserver.ts',
      declaration: decl('QueryObserver', 'class'),
    },
  },
  {
    ...{ id: 'trpc-server', pkg: '@trpc/server', version: '11.25.2', size: 'small' },
    seed: {
      name: 'TRPCError',
      file: 'src/unstable-core-do-not-import/error/TRPCError.ts',
      declaration: decl('TRPCError', 'class'),
    },
    second: {
      name: 'AnyRouter',
      file: 'src/unstable-core-do-not-import/router.ts',
      declaration: decl('AnyRouter', 'type'),
    },
  },
  {
    ...{ id: 'rxjs', pkg: 'rxjs', version: '7.8.2', size: 'medium' },
    seed: {
      name: 'Observable',
      file: 'src/internal/Observable.ts',
      declaration: decl('Observable', 'class'),
    },
    second: {
      name: 'Subscriber',
      file: 'src/internal/Subscriber.ts',
      declaration: decl('Subscriber', 'class'),
    },
  },
  {
    ...{ id: 'zod', pkg: 'zod', version: '4.6.7', size: 'medium' },
    seed: { name: '$ZodType', file: 'src/v4/core/schemas.ts', declaration: decl('$ZodType', 'interface') },
    second: { name: 'ZodType', file: 'src/v4/classic/schemas.ts', declaration: decl('ZodType', 'interface') },
  },
  {
    ...{ id: 'effect', pkg: 'effect', version: '4.1.0', size: 'large' },
    seed: { name: 'Option', file: 'src/Option.ts', declaration: decl('Option', 'type') },
    second: { name: 'Layer', file: 'src/Layer.ts', declaration: decl('Layer', 'interface') },
  },
];

/** Shared compiler options: DOM because several corpora touch browser timers and events. */
export const CORPUS_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'preserve',
    moduleResolution: 'bundler',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [] as string[],
  },
  include: ['src'],
};

/** Downloads (first run only) and unpacks the corpus; throws with a readable message when offline. */
export function ensureCorpus(spec: CorpusSpec): Corpus {
  const root = path.join(WORK_DIR, 'corpora', `${spec.id}-${spec.version}`);
  const tsconfig = path.join(root, 'tsconfig.json');
  const label = `${spec.pkg}@${spec.version}`;
  if (!existsSync(path.join(root, '.complete'))) unpack(spec, root, fetchTarball(spec));
  return {
    id: spec.id,
    label,
    root,
    tsconfig,
    fileCount: listTs(path.join(root, 'src')).length,
    seed: locate(root, spec.seed),
    second: locate(root, spec.second),
  };
}

function fetchTarball(spec: CorpusSpec): string {
  const dir = path.join(WORK_DIR, 'tarballs');
  mkdirSync(dir, { recursive: true });
  const expected = `${spec.pkg.replace(/^@/, '').replace('/', '-')}-${spec.version}.tgz`;
  const tgz = path.join(dir, expected);
  if (existsSync(tgz)) return tgz;
  try {
    execFileSync('npm', ['pack', `${spec.pkg}@${spec.version}`, '--pack-destination', dir, '--silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  } catch (e) {
    const detail = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? String(e);
    throw new Error(`could not fetch ${spec.pkg}@${spec.version} with npm pack (offline?): ${detail}`);
  }
  if (!existsSync(tgz)) throw new Error(`npm pack did not produce ${expected} in ${dir}`);
  return tgz;
}

function unpack(spec: CorpusSpec, root: string, tgz: string): void {
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['-xzf', tgz, '-C', tmp]);
  const src = path.join(tmp, 'package', 'src');
  if (!existsSync(src)) throw new Error(`${spec.pkg}@${spec.version} ships no src/ folder`);
  const out = `${tmp}-out`;
  rmSync(out, { recursive: true, force: true });
  for (const file of listTs(src)) {
    mkdirSync(path.dirname(path.join(out, 'src', file)), { recursive: true });
    cpSync(path.join(src, file), path.join(out, 'src', file));
  }
  writeFileSync(path.join(out, 'tsconfig.json'), `${JSON.stringify(CORPUS_TSCONFIG, null, 2)}\n`);
  writeFileSync(path.join(out, '.complete'), `${spec.pkg}@${spec.version}\n`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.dirname(root), { recursive: true });
  renameSync(out, root);
  rmSync(tmp, { recursive: true, force: true });
}

/** Relative paths of `.ts` files (including `.d.ts`) under `dir`, sorted. */
export function listTs(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

function locate(root: string, seed: QuerySeed): LocatedSeed {
  const lines = readFileSync(path.join(root, seed.file), 'utf8').split('\n');
  const index = lines.findIndex((l) => seed.declaration.test(l));
  if (index < 0) throw new Error(`declaration of ${seed.name} not found in ${seed.file}`);
  return { name: seed.name, file: seed.file, line: index + 1 };
}
