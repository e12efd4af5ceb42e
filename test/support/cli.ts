/** Shared by the CLI end-to-end tests: temp workspaces, an in-process CLI run, mock replies. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { MockRequest } from '../mock-anthropic/server';

export const API_KEY = 'sk-ant-test-0123456789-secret';

export function writeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orchestra-cli-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

export function readWorkspace(dir: string, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  args: string[],
  env: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, signal },
    process.cwd(),
  );
  return { code, stdout, stderr };
}

/** The file a worker request is about ("Your file: X" in the user message). */
export function workerFile(req: MockRequest): string | undefined {
  return /Your file: (\S+)/.exec(req.userText)?.[1];
}

export const isPlan = (req: MockRequest): boolean => req.toolName === 'submit_plan';
export const isWorker =
  (file?: string) =>
  (req: MockRequest): boolean =>
    req.toolName === 'submit_edits' && (file === undefined || workerFile(req) === file);

/** tsconfig.json of the small test projects: strict, bundler resolution, sources in src/. */
export const STRICT_TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
  },
  include: ['src'],
});

/** A small three-file project: `fetchJson(url, method)` and two callers. */
export const FETCH_PROJECT: Record<string, string> = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/http.ts': `export async function fetchJson(url: string, method: string): Promise<unknown> {
  return { url, method };
}
`,
  'src/users.ts': `import { fetchJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return fetchJson(\`/users/\${id}\`, 'GET');
}
`,
  'src/orders.ts': `import { fetchJson } from './http';

export function createOrder(): Promise<unknown> {
  return fetchJson('/orders', 'POST');
}
`,
};

export const FETCH_PLAN = {
  summary: 'fetchJson takes an options object instead of a method argument.',
  subtasks: [
    {
      file: 'src/http.ts',
      handler: 'llm',
      instructions: 'Change the signature to fetchJson(url, options: { method: string }).',
      priority: 10,
    },
    {
      file: 'src/users.ts',
      handler: 'llm',
      instructions: 'Pass { method } instead of the method string.',
      priority: 8,
    },
    {
      file: 'src/orders.ts',
      handler: 'llm',
      instructions: 'Pass { method } instead of the method string.',
      priority: 8,
    },
  ],
};

export const FETCH_EDITS: Record<
  string,
  { file: string; edits: Array<{ search: string; replace: string }> }
> = {
  'src/http.ts': {
    file: 'src/http.ts',
    edits: [
      {
        search:
          'export async function fetchJson(url: string, method: string): Promise<unknown> {\n  return { url, method };',
        replace:
          'export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {\n  return { url, method: options.method };',
      },
    ],
  },
  'src/users.ts': {
    file: 'src/users.ts',
    edits: [{ search: "`/users/${id}`, 'GET')", replace: "`/users/${id}`, { method: 'GET' })" }],
  },
  'src/orders.ts': {
    file: 'src/orders.ts',
    edits: [{ search: "fetchJson('/orders', 'POST')", replace: "fetchJson('/orders', { method: 'POST' })" }],
  },
};

export const FETCH_AFTER: Record<string, string> = {
  'src/http.ts': `export async function fetchJson(url: string, options: { method: string }): Promise<unknown> {
  return { url, method: options.method };
}
`,
  'src/users.ts': `import { fetchJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return fetchJson(\`/users/\${id}\`, { method: 'GET' });
}
`,
  'src/orders.ts': `import { fetchJson } from './http';

export function createOrder(): Promise<unknown> {
  return fetchJson('/orders', { method: 'POST' });
}
`,
};
