/**
 * Shared by the fault-injection suite: whole-tree snapshots (to prove nothing was written), the pinned models,
 * pipeline deps over the REAL Anthropic SDK against the loopback mock, the TRIO project and its edits.
 * Temp trees, the CLI runner and request matchers come from test/support.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { CliOptions } from '../support/cli';
import { STRICT_TSCONFIG } from '../support/fetchProject';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../../src/core/config';
import type { ModelClient } from '../../src/core/llm/modelClient';
import { createAnthropicClient } from '../../src/core/llm/anthropicClient';
import type { RunDeps } from '../../src/core/pipeline';
import type { EventSink, PipelineEvent } from '../../src/core/runTypes';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import { after, before, beforeEach } from 'node:test';
import { MockAnthropic } from '../mock-anthropic/server';

/** Recognisable, so a leak anywhere in the output is easy to find. */
export const KEY = 'sk-ant-api03-FAULTSUITE-7c1e5f0a9b2d4e6f8a0c';

/** Every entry under `dir` (files as text, symlinks as their target, folders as '<dir>'): new, lost or changed files all show. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const st = lstatSync(childAbs);
      if (st.isSymbolicLink()) out[childRel] = `<link ${readlinkSync(childAbs)}>`;
      else if (st.isDirectory()) {
        out[childRel] = '<dir>';
        walk(childAbs, childRel);
      } else out[childRel] = readFileSync(childAbs).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Exact costs in the assertions are priced for these models, whatever the configured defaults become. */
export const MODELS = { orchestrator: 'claude-sonnet-4-6', worker: 'claude-haiku-4-5' };

/** CLI options that pin MODELS for a `refactor` run. */
export const PINNED: CliOptions = { models: MODELS };

export function envFor(mock: MockAnthropic, key = KEY): Record<string, string> {
  return { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: mock.url };
}

/** The real Anthropic client pointed at the mock with the suite's key, retrying fast. */
export function faultClient(
  mock: MockAnthropic,
  config: Pick<RunConfig, 'timeoutMs' | 'maxRetries'>,
  retryTiming = { baseDelayMs: 10, maxDelayMs: 40 },
): ModelClient {
  return createAnthropicClient({
    apiKey: KEY,
    baseURL: mock.url,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryTiming,
  });
}

/** Pipeline deps for planRun/executeRun: the real SDK client against the mock, fast retry backoff. */
export async function pipelineDeps(
  mock: MockAnthropic,
  dir: string,
  config: RunConfigInput = {},
  opts: { signal?: AbortSignal; events?: PipelineEvent[]; onEvent?: EventSink } = {},
): Promise<RunDeps> {
  const parsed = RunConfigSchema.parse({ timeoutMs: 5_000, models: MODELS, ...config });
  return {
    workspace: await openWorkspace(dir),
    client: faultClient(mock, parsed),
    config: parsed,
    signal: opts.signal,
    onEvent: (e) => {
      opts.events?.push(e);
      opts.onEvent?.(e);
    },
  };
}

/**
 * One mock Messages API per test file, handed to `use` once started: closed after the file's tests and
 * reset before each test — with `settle`, only once the previous test's calls have finished.
 */
export function mockPerFile(
  use: (mock: MockAnthropic) => void,
  options: { settle?: boolean; start?: Parameters<typeof MockAnthropic.start>[0] } = {},
): void {
  let mock: MockAnthropic | undefined;
  before(async () => {
    mock = await MockAnthropic.start(options.start);
    use(mock);
  });
  after(() => mock?.close());
  beforeEach(async () => {
    const current = mock;
    if (current === undefined) return;
    if (options.settle) await waitFor(() => current.inFlight === 0, 2_000, 'the previous test to settle');
    current.reset();
  });
}

export function waitFor(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Three independent files: edits to any of them never introduce type errors elsewhere. */
export const TRIO: Record<string, string> = {
  'tsconfig.json': STRICT_TSCONFIG,
  'src/a.ts': `export const alpha = 1;

export function useAlpha(): number {
  return alpha + 1;
}
`,
  'src/b.ts': `import { alpha } from './a';

export const beta = alpha * 2;
export const betaToo = alpha * 2;
`,
  'src/c.ts': `import { alpha } from './a';

export const gamma = alpha * 3;
`,
};

export const TRIO_FILES = ['src/a.ts', 'src/b.ts', 'src/c.ts'];

export const TRIO_INSTRUCTION = 'document every use of `alpha` with a comment';

export interface SubtaskInput {
  file: string;
  handler?: 'llm' | 'rename' | 'create';
  instructions?: string;
  priority?: number;
  rename?: { from: string; to: string };
}

export function planOf(subtasks: Array<string | SubtaskInput>, summary = 'Add comments.'): unknown {
  return {
    summary,
    subtasks: subtasks.map((s) => {
      const t = typeof s === 'string' ? { file: s } : s;
      return {
        handler: 'llm',
        instructions: 'Add a comment above the first line that uses alpha.',
        priority: 5,
        ...t,
      };
    }),
  };
}

/** The well-behaved edit for each TRIO file, and the text it produces. */
export const TRIO_EDITS: Record<string, { file: string; edits: Array<{ search: string; replace: string }> }> =
  {
    'src/a.ts': {
      file: 'src/a.ts',
      edits: [{ search: '  return alpha + 1;', replace: '  // alpha, plus one\n  return alpha + 1;' }],
    },
    'src/b.ts': {
      file: 'src/b.ts',
      edits: [
        {
          search: 'export const beta = alpha * 2;',
          replace: '// twice alpha\nexport const beta = alpha * 2;',
        },
      ],
    },
    'src/c.ts': {
      file: 'src/c.ts',
      edits: [
        {
          search: 'export const gamma = alpha * 3;',
          replace: '// three alphas\nexport const gamma = alpha * 3;',
        },
      ],
    },
  };

export const TRIO_AFTER: Record<string, string> = {
  'src/a.ts': `export const alpha = 1;

export function useAlpha(): number {
  // alpha, plus one
  return alpha + 1;
}
`,
  'src/b.ts': `import { alpha } from './a';

// twice alpha
export const beta = alpha * 2;
export const betaToo = alpha * 2;
`,
  'src/c.ts': `import { alpha } from './a';

// three alphas
export const gamma = alpha * 3;
`,
};

/** The CLI's `--json` report (RefactorResult without facts), as far as the suite reads it. */
export interface JsonReport {
  outcomes: Array<{ file: string; status: string; reason?: string; attempts: number; costUsd: number }>;
  changes: Array<{ file: string; after: string }>;
  droppedFiles: string[];
  rejected?: Array<{ file: string; reason: string }>;
  usage: { calls: number; costUsd: number };
  estimate: { totalUsd: number };
  costAlert?: string;
  cancelled: boolean;
  verdict: { kind: string; message: string; problems: string[] };
}

export function outcomeOf(report: JsonReport, file: string): JsonReport['outcomes'][number] {
  const o = report.outcomes.find((x) => x.file === file);
  if (!o) throw new Error(`no outcome for ${file} in ${JSON.stringify(report.outcomes)}`);
  return o;
}

/**
 * Makes `dir` refuse new entries: read-only for a normal user, immutable (chattr +i) for root, which ignores
 * permission bits. Returns the undo, or undefined when neither works here (the caller skips).
 */
export function lockFolder(dir: string): (() => void) | undefined {
  const probe = join(dir, '.probe');
  const writable = (): boolean => {
    try {
      writeFileSync(probe, '');
      rmSync(probe);
      return true;
    } catch {
      return false;
    }
  };
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    if (!writable()) return () => chmodSync(dir, 0o755);
    chmodSync(dir, 0o755);
    return undefined;
  }
  const chattr = (flag: string): boolean => spawnSync('chattr', [flag, dir]).status === 0;
  if (chattr('+i') && !writable()) return () => void chattr('-i');
  chattr('-i');
  return undefined;
}
