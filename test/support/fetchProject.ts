/** The small `fetchJson` project the CLI and engine tests refactor, with its plan, edits and result. */

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

/** The instruction of the signature change FETCH_EDITS makes. */
export const FETCH_SIGNATURE = 'make `fetchJson` take an options object';

/** The instruction of the rename FETCH_RENAMED is the result of. */
export const FETCH_RENAME = 'rename `fetchJson` to `requestJson`';

/** FETCH_PROJECT with `fetchJson` renamed to `requestJson`, declaration and callers. */
export const FETCH_RENAMED: Record<string, string> = {
  'src/http.ts': `export async function requestJson(url: string, method: string): Promise<unknown> {
  return { url, method };
}
`,
  'src/users.ts': `import { requestJson } from './http';

export function loadUser(id: string): Promise<unknown> {
  return requestJson(\`/users/\${id}\`, 'GET');
}
`,
  'src/orders.ts': `import { requestJson } from './http';

export function createOrder(): Promise<unknown> {
  return requestJson('/orders', 'POST');
}
`,
};
