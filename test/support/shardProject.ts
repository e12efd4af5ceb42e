/**
 * The sharded-run project: a dependency chain (fetchJson's signature, then its two callers), four independent
 * files, and a deterministic rename with a worker on a file the rename changes, so four shards get different
 * shares. Its plan, the workers' edits (by file)
 * and the expected texts; and `cliProcess`, the built CLI in a child process that does not block the mock.
 */
import { spawn } from 'node:child_process';
import { FETCH_AFTER, FETCH_EDITS, FETCH_PROJECT } from './fetchProject';
import { CLI_BINARY, testStateDir } from './cli';
import { toolUseReply, type MockAnthropic } from '../mock-anthropic/server';
import { isPlan, isWorker, workerFile } from './mockRequests';

const LETTERS = ['a', 'b', 'c', 'd'] as const;

export const SHARD_PROJECT: Record<string, string> = {
  ...FETCH_PROJECT,
  ...Object.fromEntries(LETTERS.map((l) => [`src/${l}.ts`, `export const ${l}Label = '${l}';\n`])),
  'src/format.ts': `export function fmt(text: string): string {
  return text.trim();
}
`,
  'src/report.ts': `import { fmt } from './format';

export const title = fmt(' Report ');
`,
};

export const SHARD_INSTRUCTION = 'make `fetchJson` take an options object';

export const SHARD_PLAN = {
  summary: 'fetchJson takes an options object; labels are upper-cased; fmt becomes formatText.',
  subtasks: [
    {
      id: 'sig',
      file: 'src/http.ts',
      handler: 'llm',
      instructions: 'Change the signature of `fetchJson` to take options.',
      priority: 10,
    },
    {
      id: 'users',
      file: 'src/users.ts',
      handler: 'llm',
      instructions: 'Pass { method } to `fetchJson`.',
      priority: 8,
      dependsOn: ['sig'],
    },
    {
      id: 'orders',
      file: 'src/orders.ts',
      handler: 'llm',
      instructions: 'Pass { method } to `fetchJson`.',
      priority: 8,
      dependsOn: ['sig'],
    },
    ...LETTERS.map((l) => ({
      id: l,
      file: `src/${l}.ts`,
      handler: 'llm',
      instructions: `Upper-case the value of \`${l}Label\`.`,
      priority: 5,
    })),
    // No dependsOn: its file is one the rename changes, which is what keeps it in the rename's shard.
    {
      id: 'title',
      file: 'src/report.ts',
      handler: 'llm',
      instructions: 'Upper-case the `title` text.',
      priority: 4,
    },
    {
      id: 'fmt',
      file: 'src/format.ts',
      handler: 'rename',
      instructions: 'Rename `fmt` to `formatText`.',
      priority: 4,
      rename: { from: 'fmt', to: 'formatText' },
    },
  ],
};

const EDITS: Record<string, { file: string; edits: Array<{ search: string; replace: string }> }> = {
  ...FETCH_EDITS,
  'src/report.ts': {
    file: 'src/report.ts',
    edits: [{ search: "(' Report ')", replace: "(' REPORT ')" }],
  },
  ...Object.fromEntries(
    LETTERS.map((l) => [
      `src/${l}.ts`,
      { file: `src/${l}.ts`, edits: [{ search: `'${l}'`, replace: `'${l.toUpperCase()}'` }] },
    ]),
  ),
};

export const SHARD_AFTER: Record<string, string> = {
  ...FETCH_AFTER,
  ...Object.fromEntries(
    LETTERS.map((l) => [`src/${l}.ts`, `export const ${l}Label = '${l.toUpperCase()}';\n`]),
  ),
  'src/format.ts': `export function formatText(text: string): string {
  return text.trim();
}
`,
  'src/report.ts': `import { formatText } from './format';

export const title = formatText(' REPORT ');
`,
};

export const SHARD_FILES = Object.keys(SHARD_AFTER);

/** The plan call and every worker, answered by file, each with fixed usage (so costs compare exactly). */
export function scriptShardRun(mock: MockAnthropic): void {
  mock.on(isPlan, toolUseReply(SHARD_PLAN, { usage: { input_tokens: 2000, output_tokens: 300 } }));
  mock.on(isWorker(), (req) =>
    toolUseReply(EDITS[workerFile(req) ?? '']!, { usage: { input_tokens: 800, output_tokens: 120 } })(req),
  );
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** dist/cli.js in a child process, awaited without blocking this process (the mock answers from here). */
export function cliProcess(args: string[], env: Record<string, string>, cwd?: string): Promise<ProcessRun> {
  const child = spawn(process.execPath, [CLI_BINARY, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ORCHESTRA_STATE_DIR: testStateDir(), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
