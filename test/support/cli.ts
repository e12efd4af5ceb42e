/**
 * The one CLI runner: `cli` runs `runCli` in-process with captured output (the mock-bound tests), `cliBinary`
 * runs the built dist/cli.js as a user would (`npm run build` first; `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { runCli } from '../../src/cli/main';
import { MockAnthropic } from '../mock-anthropic/server';
import { REPO_ROOT } from './paths';
import { tempDir } from './tempTree';

export const API_KEY = 'sk-ant-test-0123456789-secret';

/** The built CLI, as `npm run build` writes it. */
export const CLI_BINARY = join(REPO_ROOT, 'dist', 'cli.js');

let stateDir: string | undefined;

/**
 * Where `--apply` keeps its undo record in tests unless the test sets ORCHESTRA_STATE_DIR itself: a temp dir
 * of this test process, never the user's ~/.local/state.
 */
export function testStateDir(): string {
  stateDir ??= tempDir('orchestra-state-');
  return stateDir;
}

function withStateDir<T extends Record<string, string | undefined>>(env: T): T {
  return { ORCHESTRA_STATE_DIR: testStateDir(), ...env };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  signal?: AbortSignal;
  /** Appended to a `refactor` run as --orchestrator-model/--worker-model (exact costs need known prices). */
  models?: { orchestrator: string; worker: string };
}

export async function cli(
  args: string[],
  env: Record<string, string | undefined>,
  options: CliOptions = {},
): Promise<CliRun> {
  const { signal, models } = options;
  const argv =
    models && args[0] === 'refactor'
      ? [...args, '--orchestrator-model', models.orchestrator, '--worker-model', models.worker]
      : args;
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: withStateDir(env), signal },
    process.cwd(),
  );
  return { code, stdout, stderr };
}

/** A run of the built binary; `code` is null when it was killed by a signal. */
export interface BinaryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs dist/cli.js in a child process; `env` replaces the environment when given, else it is inherited
 * (either way with the test's ORCHESTRA_STATE_DIR unless it sets one).
 */
export function cliBinary(args: string[], env?: NodeJS.ProcessEnv): BinaryRun {
  const run = spawnSync(process.execPath, [CLI_BINARY, ...args], {
    encoding: 'utf8',
    env: withStateDir(env ?? process.env),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

export interface CliMock {
  /** The loopback Messages API the CLI talks to. */
  readonly mock: MockAnthropic;
  /** The CLI's environment: the test key and the mock's URL. */
  readonly env: Record<string, string>;
}

/**
 * The set-up of a file of CLI tests against the mock (call it at the top level): the mock started before the
 * tests, reset before each and closed after them. `mock` and `env` are there once the file's `before` ran.
 */
export function cliMock(): CliMock {
  let mock: MockAnthropic | undefined;
  const started = (): MockAnthropic => {
    if (!mock) throw new Error('the mock is not started yet: read cliMock().mock inside a test or hook');
    return mock;
  };
  before(async () => {
    mock = await MockAnthropic.start();
  });
  after(() => mock?.close());
  beforeEach(() => started().reset());
  return {
    get mock() {
      return started();
    },
    get env() {
      return { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: started().url };
    },
  };
}
