/**
 * The synthetic migration's code base: `src/http.ts` declares `fetchJson(url, options)`, which takes the old
 * method string or the new `{ method }` object, and N caller files (100 per folder) still pass the string. The
 * migration moves every caller to the object form; the declaration already accepts both, so one group is the
 * whole plan and the result type-checks. Deterministic: file i always reads the same.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MigrationWorkspace {
  root: string;
  /** The caller files (relative), in path order. */
  callers: string[];
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

const HTTP = `export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The method string is the old form; pass \`{ method }\`. */
export function fetchJson(url: string, options: Method | { method: Method }): Promise<unknown> {
  const method = typeof options === 'string' ? options : options.method;
  return Promise.resolve({ url, method });
}
`;

/** The call a caller makes, before and after the migration. */
export function callOf(i: number): { before: string; after: string } {
  const method = METHODS[i % METHODS.length] as string;
  return {
    before: `fetchJson(\`/items/${i}/\${id}\`, '${method}')`,
    after: `fetchJson(\`/items/${i}/\${id}\`, { method: '${method}' })`,
  };
}

function callerPath(i: number): string {
  return `src/feature${String(Math.floor(i / 100)).padStart(2, '0')}/item${String(i).padStart(4, '0')}.ts`;
}

function callerText(i: number): string {
  return `import { fetchJson } from '../http';

export interface Item${i} {
  id: string;
  loadedAt: number;
}

/** Loads item ${i}. */
export async function loadItem${i}(id: string): Promise<Item${i}> {
  await ${callOf(i).before};
  return { id, loadedAt: Date.now() };
}
`;
}

/** Writes a fresh workspace of `callers` caller files in a temp folder (the caller removes it). */
export function writeMigrationWorkspace(callers: number): MigrationWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), `orchestra-migration-${callers}-`));
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        noEmit: true,
      },
      include: ['src'],
    }),
    'src/http.ts': HTTP,
  };
  const list: string[] = [];
  for (let i = 0; i < callers; i++) {
    files[callerPath(i)] = callerText(i);
    list.push(callerPath(i));
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return { root, callers: list.sort() };
}

/** The caller index of a caller path. */
export function callerIndex(file: string): number {
  return Number(/item(\d+)\.ts$/.exec(file)?.[1] ?? NaN);
}
